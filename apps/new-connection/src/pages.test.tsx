// 在途申请, 在途看板, a stale version (412) and the entry module (issue 21 item 9).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@wb/contracts';
import { connectionHandlers, createConnectionDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { expectEntryMountsAndCleansUp, renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import * as entry from './main.ts';

const BASE = '/app/new-connection';
const API = '/api/svc/connection/v1';
const dataset = createConnectionDataset();
const server = createMockServer(...connectionHandlers({ dataset }));
const log = serveMocks(server, API);

const station = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所' };
const props = (navigate = (_to: string) => undefined) => ({
  appId: 'new-connection',
  services: { connection: API },
  session: { permissions: ['yk:apply:view', 'yk:apply:accept', 'yk:apply:handle', 'yk:board:view'], posts: [station], activePost: station },
  navigate,
});

describe('在途申请', () => {
  it('lists the applications with real links to each, in the tab order', async () => {
    const opened: string[] = [];
    renderMicroApp(<App />, { url: `${BASE}/applications`, props: props((to) => void opened.push(to)) });
    expect(await screen.findByText('在途申请')).toBeTruthy();
    const links = await screen.findAllByRole('link', { name: /^YK\d+$/ });
    expect(links.map((link) => link.textContent)).toEqual(expect.arrayContaining(dataset.applications.map((a) => a.appNo)));
    const first = links[0]!;
    expect(first.getAttribute('href')).toBe(`${BASE}/applications/${first.textContent}`);
    fireEvent.click(first);
    expect(opened).toEqual([`${BASE}/applications/${first.textContent}`]);
    expect(screen.getByText(/共 \d+ 件/)).toBeTruthy();
  });
});

describe('在途看板', () => {
  it('shows the counts by node and links the applications near or over their limit', async () => {
    renderMicroApp(<App />, { url: `${BASE}/board`, props: props() });
    expect(await screen.findByText(`在途看板（在途 ${dataset.applications.length} 件）`)).toBeTruthy();
    const attention = dataset.applications.filter((a) => a.slaState === 'WARNING' || a.slaState === 'OVERDUE');
    expect(attention.length).toBeGreaterThan(0);
    for (const a of attention) {
      const link = await screen.findByRole('link', { name: a.appNo });
      expect(link.getAttribute('href')).toBe(`${BASE}/applications/${a.appNo}`);
    }
  });
});

describe('a stale version (412)', () => {
  it('shows the server message and loads the application again instead of keeping the stale one', async () => {
    const appNo = 'YK2026030200002';
    server.use(
      http.post(`${API}/applications/:no/:action`, () =>
        HttpResponse.json({ error: { code: ErrorCode.PreconditionFailed, message: '该申请已被他人处理，请刷新后重试' } }, { status: 412 }),
      ),
    );
    renderMicroApp(<App />, { url: `${BASE}/applications/${appNo}/install`, props: props() });
    const form = await screen.findByRole('button', { name: /提交装表接电/ });
    fireEvent.change(await screen.findByLabelText(/电能表资产编号/), { target: { value: '3380000000001' } });
    const detailReads = () => log.filter('GET', `/applications/${appNo}`).length;
    const before = detailReads();
    await userEvent.click(form);
    expect(await screen.findByText('该申请已被他人处理，请刷新后重试')).toBeTruthy();
    expect(log.filter('POST', `/applications/${appNo}/install:complete`)[0]?.ifMatch).toBe(String(dataset.applications[1]!.version));
    await waitFor(() => expect(detailReads()).toBe(before + 1));
  });
});

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', () =>
    expectEntryMountsAndCleansUp(entry, {
      ...props(),
      exports: ['bootstrap', 'mount', 'parts', 'unmount', 'update'],
      url: `${BASE}/applications`,
      shows: async (app) => expect(await within(app.element).findByText('在途申请')).toBeTruthy(),
    }));
});
