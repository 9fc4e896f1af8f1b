import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testFeed, testUser } from '../../test/fixtures.ts';
import { renderShell } from '../../test/render-shell.tsx';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const anonymous = testFeed({ user: null, apps: [], menus: [] });

function submit(username: string, password: string): void {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
}

function answerLogin(status: number, body: JsonBodyType, headers: Record<string, string> = {}): { requests: Array<{ body: unknown; csrf: string | null }> } {
  const requests: Array<{ body: unknown; csrf: string | null }> = [];
  server.use(
    http.post('*/api/identity/login', async ({ request }) => {
      requests.push({ body: await request.json(), csrf: request.headers.get('x-workbench-request') });
      return HttpResponse.json(body, { status, headers });
    }),
  );
  return { requests };
}

describe('login page', () => {
  it('says 用户名或密码错误 on 401, and stays on the page', async () => {
    const { requests } = answerLogin(401, { error: { code: 'WB_ERR_INVALID_CREDENTIALS', message: '用户名或密码错误' } });
    const { assigned } = renderShell({ feed: anonymous, path: '/login' });
    submit('kf01', 'wrong');
    expect(await screen.findByText('用户名或密码错误')).toBeTruthy();
    expect(requests).toEqual([{ body: { username: 'kf01', password: 'wrong' }, csrf: '1' }]);
    expect(assigned).toEqual([]);
  });

  it('tells a throttled user how many seconds to wait, from Retry-After', async () => {
    answerLogin(429, { error: { code: 'WB_ERR_TOO_MANY_REQUESTS', message: '尝试次数过多' } }, { 'Retry-After': '42' });
    renderShell({ feed: anonymous, path: '/login' });
    submit('kf01', 'wrong');
    expect(await screen.findByText('尝试次数过多，请 42 秒后再试')).toBeTruthy();
  });

  it('shows the server message on 400', async () => {
    answerLogin(400, { error: { code: 'WB_ERR_BAD_REQUEST', message: '用户名过长' } });
    renderShell({ feed: anonymous, path: '/login' });
    submit('kf01', 'x');
    expect(await screen.findByText('用户名过长')).toBeTruthy();
  });

  it('asks for both fields before calling the server', async () => {
    const { requests } = answerLogin(200, { user: testUser() });
    renderShell({ feed: anonymous, path: '/login' });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(screen.getByText('请输入密码')).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('loads returnTo after a successful login', async () => {
    answerLogin(200, { user: testUser() });
    const { assigned } = renderShell({ feed: anonymous, path: '/login?returnTo=%2Fapp%2Fcustomer-archive%3Fq%3D3340' });
    submit('kf01', 'Workbench#2026');
    await waitFor(() => expect(assigned).toEqual(['/app/customer-archive?q=3340']));
  });

  it('ignores a returnTo that leaves the site and goes to the workbench home', async () => {
    answerLogin(200, { user: testUser() });
    const { assigned } = renderShell({ feed: anonymous, path: '/login?returnTo=%2F%2Fevil.example%2F' });
    submit('kf01', 'Workbench#2026');
    await waitFor(() => expect(assigned).toEqual(['/']));
  });
});
