import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, testFeed } from '../test/fixtures.ts';
import { renderShell } from '../test/render-shell.tsx';
import { DEV_OVERRIDES_KEY, readDevOverrides } from './dev-overrides.ts';

const apps = [testApp('customer-archive', { name: '客户档案' })];

afterEach(() => window.localStorage.clear());

describe('本地调试 (dev overrides)', { timeout: 20_000 }, () => {
  it('is absent, and stored overrides show no tag, when the feed does not allow overrides', () => {
    window.localStorage.setItem(DEV_OVERRIDES_KEY, JSON.stringify({ 'customer-archive': 'http://localhost:5173/src/main.ts' }));
    renderShell({ feed: testFeed({ apps, devOverrides: false }) });
    expect(screen.queryByRole('button', { name: /本地调试/ })).toBeNull();
    expect(screen.queryByTestId('wb-dev-overrides-active')).toBeNull();
  });

  it('when allowed: sets an override (tag 「本地调试中」), refuses a non-http URL, clears all', async () => {
    renderShell({ feed: testFeed({ apps, devOverrides: true }) });
    // The panel is a lazy chunk: slow to arrive on a busy machine.
    fireEvent.click(await screen.findByRole('button', { name: /本地调试/ }, { timeout: 10_000 }));
    const dialog = await screen.findByRole('dialog');
    const input = within(dialog).getByLabelText('客户档案的本地入口地址');
    fireEvent.change(input, { target: { value: 'javascript:alert(1)' } });
    expect(within(dialog).getByText('地址应以 http:// 或 https:// 开头')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: /保\s*存/ }).hasAttribute('disabled')).toBe(true);
    fireEvent.change(input, { target: { value: 'http://localhost:5173/src/main.ts' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    expect(await within(dialog).findByText('已保存，刷新页面后生效')).toBeTruthy();
    expect(readDevOverrides(window.localStorage)).toEqual({ 'customer-archive': 'http://localhost:5173/src/main.ts' });
    expect(await screen.findByTestId('wb-dev-overrides-active')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: /全部清除/ }));
    expect(window.localStorage.getItem(DEV_OVERRIDES_KEY)).toBeNull();
  });
});
