import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { iamHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { serveMocks } from '@wb/sdk/testing';
import { IAM_API, renderAdmin } from '../test-support.tsx';

const server = createMockServer(...iamHandlers());
const log = serveMocks(server, IAM_API);
/** The query strings of the audit list requests, in order. */
const auditQueries = (): URLSearchParams[] => log.filter('GET', '/audit').map((r) => r.search);

const renderAudit = (url = '/app/system-admin/audit') => renderAdmin(url);

const bodyRows = () => screen.queryAllByRole('row').filter((r) => r.closest('tbody') && r.dataset['rowKey']?.startsWith('a-'));

describe('审计日志', () => {
  it('puts the filters in the URL and in the request, and shows the matching entries', async () => {
    renderAudit();
    await waitFor(() => expect(bodyRows()).toHaveLength(6));
    await userEvent.type(screen.getByLabelText('操作人'), 'kf01');
    fireEvent.mouseDown(screen.getByLabelText('结果'));
    fireEvent.click((await screen.findAllByTitle('失败')).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(bodyRows()).toHaveLength(2));
    const url = new URLSearchParams(window.location.search);
    expect(window.location.pathname).toBe('/app/system-admin/audit');
    expect(url.get('actor')).toBe('kf01');
    expect(url.get('result')).toBe('failure');
    expect(auditQueries().at(-1)?.get('actor')).toBe('kf01');
    expect(auditQueries().at(-1)?.get('result')).toBe('failure');
    expect(within(bodyRows()[0]!).getByText('失败')).toBeTruthy();
  });

  it('restores the filters from the URL and shows business times (Asia/Shanghai)', async () => {
    renderAudit('/app/system-admin/audit?zone=internet');
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    expect(auditQueries()[0]?.get('zone')).toBe('internet');
    const row = bodyRows()[0]!;
    expect(within(row).getByText('拒绝')).toBeTruthy();
    expect(within(row).getByText('203.0.113.9')).toBeTruthy();
    // 03:00 UTC is 11:00 in Asia/Shanghai whatever the browser's zone (issue 21 item 7); the actor is a link.
    expect(within(row).getByText('2026-11-27 11:00:00')).toBeTruthy();
    const actor = within(row).getAllByRole('link')[0]!;
    expect(actor.getAttribute('href')).toMatch(/^\/app\/system-admin\/audit\?actor=/);
  });

  it('shows the 访问告警 panel with counts per user and per address', async () => {
    renderAudit();
    const panel = (await screen.findByText('访问告警')).closest('.ant-card') as HTMLElement;
    await waitFor(() => expect(within(panel).getByText('guest01')).toBeTruthy());
    const row = (key: string) => within(panel).getByText(key).closest('tr') as HTMLElement;
    expect(within(row('guest01')).getByText('7')).toBeTruthy();
    expect(within(row('203.0.113.9')).getByText('7')).toBeTruthy();
    expect(within(row('kf01')).getByText('2')).toBeTruthy();
    expect(within(row('10.20.3.7')).getByText('登录失败')).toBeTruthy();
    const stat = (title: string) => within(panel).getByText(title).closest('.ant-statistic')?.querySelector('.ant-statistic-content')?.textContent;
    expect(stat('登录失败次数')).toBe('2');
    expect(stat('越权访问次数')).toBe('7');
  });
});
