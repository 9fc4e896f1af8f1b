import { afterEach, describe, expect, it } from 'vitest';
import { testFeed } from '../test/fixtures.ts';
import { readFeed } from './read-feed.ts';

function inline(content: string, attributes = ''): void {
  document.body.innerHTML = `<script id="wb-feed" type="application/json" ${attributes}>${content}</script>`;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('readFeed', () => {
  it('returns the validated feed the server inlined', () => {
    inline(JSON.stringify(testFeed()));
    const result = readFeed(document);
    expect(result.ok && result.feed.apps.map((app) => app.id)).toEqual(['customer-archive']);
    expect(result.ok && result.loadTimeoutMs).toBeUndefined();
  });

  it('takes a load timeout from data-load-timeout-ms', () => {
    inline(JSON.stringify(testFeed()), 'data-load-timeout-ms="3000"');
    const result = readFeed(document);
    expect(result.ok && result.loadTimeoutMs).toBe(3000);
  });

  it.each([
    ['no element', null],
    ['not JSON', '{oops'],
    ['wrong shape', JSON.stringify({ ...testFeed(), apps: 'all' })],
  ])('refuses %s', (_label, content) => {
    if (content !== null) inline(content);
    const result = readFeed(document);
    expect(result.ok).toBe(false);
  });
});
