import { describe, expect, it } from 'vitest';
import { inboxQuery, inboxUrl, parseInboxSearch } from './inbox-url.ts';

describe('inbox URL state', () => {
  it('defaults to page 1 of 待办', () => {
    expect(parseInboxSearch('')).toEqual({ box: 'todo', page: 1, processKey: undefined, slaState: undefined, orgUnitCode: undefined, q: undefined });
  });

  it('round-trips every filter through the URL', () => {
    const filters = { box: 'done' as const, processKey: 'yk_low_resident', slaState: 'OVERDUE' as const, orgUnitCode: '334010101', q: '张三', page: 3 };
    const url = inboxUrl(filters);
    expect(url).toBe('/inbox?box=done&processKey=yk_low_resident&slaState=OVERDUE&orgUnitCode=334010101&q=%E5%BC%A0%E4%B8%89&page=3');
    expect(parseInboxSearch(url.slice(url.indexOf('?')))).toEqual(filters);
  });

  it('ignores unknown boxes and SLA states, blank text and bad pages', () => {
    const parsed = parseInboxSearch('?box=all&slaState=LATE&q=%20%20&page=-2');
    expect(parsed).toMatchObject({ box: 'todo', slaState: undefined, q: undefined, page: 1 });
  });

  it('builds the GET /inbox query', () => {
    expect(inboxQuery({ box: 'cc', slaState: 'WARNING', page: 2 })).toEqual({
      box: 'cc', processKey: undefined, slaState: 'WARNING', orgUnitCode: undefined, q: undefined, page: 2, pageSize: 20,
    });
  });
});
