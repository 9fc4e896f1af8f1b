import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testFeed, testUser } from '../../test/fixtures.ts';
import { renderShell } from '../../test/render-shell.tsx';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// The page is its own chunk (P3): its first load may take a moment on a busy machine.
configure({ asyncUtilTimeout: 8000 });

const mustChange = testFeed({ user: testUser({ mustChangePassword: true }) });

/** Fills and submits the form, once its chunk is in (the page is loaded lazily: P3, ADR 0066). */
async function fill(current: string, next: string, confirm = next): Promise<void> {
  fireEvent.change(await screen.findByLabelText('当前密码'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('新密码'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: confirm } });
  fireEvent.click(screen.getByRole('button', { name: /修改密码/ }));
}

function answerPassword(status: number, body: JsonBodyType): Array<{ body: unknown; csrf: string | null }> {
  const requests: Array<{ body: unknown; csrf: string | null }> = [];
  server.use(
    http.post('*/api/identity/password', async ({ request }) => {
      requests.push({ body: await request.json(), csrf: request.headers.get('x-workbench-request') });
      return HttpResponse.json(body, { status });
    }),
  );
  return requests;
}

describe('password must be changed', () => {
  it('shows the password form on every route instead of the workbench: header and logout, no side menu, no app', async () => {
    renderShell({ feed: mustChange, path: '/app/customer-archive?q=3340' });
    expect(await screen.findByTestId('wb-password-page')).toBeTruthy();
    expect(screen.getByText(/须符合密码策略.*不能是常见密码，不能包含用户名/)).toBeTruthy();
    expect(screen.getByTestId('wb-header-user')).toBeTruthy();
    expect(screen.queryByTestId('wb-side-menu')).toBeNull();
    expect(screen.queryByRole('region', { name: '客户档案' })).toBeNull();
    fireEvent.click(screen.getByTestId('wb-header-user'));
    expect(await screen.findByText('退出登录')).toBeTruthy();
  });

  it('checks that the two new passwords match before calling the server', async () => {
    const requests = answerPassword(200, { user: testUser() });
    renderShell({ feed: mustChange, path: '/' });
    await fill('Initial#Pass2026', 'Fresh-Horse-Battery-9', 'Fresh-Horse-Battery-8');
    expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('shows the server message and the per-field error on 400, and stays on the page', async () => {
    const message = '密码不符合要求：不能是常见密码';
    answerPassword(400, { error: { code: 'WB_ERR_BAD_REQUEST', message, fields: { newPassword: message } } });
    const { assigned } = renderShell({ feed: mustChange, path: '/' });
    await fill('Initial#Pass2026', 'password1234');
    // Once in the alert, once under the 新密码 field.
    await waitFor(() => expect(screen.getAllByText(message)).toHaveLength(2));
    expect(assigned).toEqual([]);
  });

  it('sends {currentPassword, newPassword} with the CSRF header and reloads the current path on success', async () => {
    const requests = answerPassword(200, { user: testUser() });
    const { assigned } = renderShell({ feed: mustChange, path: '/app/customer-archive?q=3340' });
    await fill('Initial#Pass2026', 'Fresh-Horse-Battery-9');
    await waitFor(() => expect(assigned).toEqual(['/app/customer-archive?q=3340']));
    expect(requests).toEqual([{ body: { currentPassword: 'Initial#Pass2026', newPassword: 'Fresh-Horse-Battery-9' }, csrf: '1' }]);
  });

  it('keeps the channel prefix when reloading (mobile entry)', async () => {
    answerPassword(200, { user: testUser() });
    const { assigned } = renderShell({ feed: testFeed({ user: testUser({ mustChangePassword: true }), channel: 'mobile' }), path: '/m/me' });
    await fill('Initial#Pass2026', 'Fresh-Horse-Battery-9');
    await waitFor(() => expect(assigned).toEqual(['/m/me']));
  });
});

describe('voluntary password change', () => {
  it('is reached from the header user menu and shown inside the workbench layout', async () => {
    const { env } = renderShell({ path: '/' });
    fireEvent.click(screen.getByTestId('wb-header-user'));
    fireEvent.click(await screen.findByText('修改密码'));
    await waitFor(() => expect(env.store.getState().location.pathname).toBe('/account/password'));
    expect(await screen.findByTestId('wb-password-page')).toBeTruthy();
    expect(screen.getByTestId('wb-side-menu')).toBeTruthy();
  });

  it('returns to the workbench home without a page load on success', async () => {
    answerPassword(200, { user: testUser() });
    const { env, assigned } = renderShell({ path: '/account/password' });
    await fill('Workbench#2026', 'Fresh-Horse-Battery-9');
    await waitFor(() => expect(env.store.getState().location.pathname).toBe('/'));
    expect(assigned).toEqual([]);
    expect(screen.queryByTestId('wb-password-page')).toBeNull();
  });

  it('says the current password is wrong under its field', async () => {
    const message = '当前密码不正确';
    answerPassword(400, { error: { code: 'WB_ERR_BAD_REQUEST', message, fields: { currentPassword: message } } });
    renderShell({ path: '/account/password' });
    await fill('nope', 'Fresh-Horse-Battery-9');
    await waitFor(() => expect(screen.getAllByText(message)).toHaveLength(2));
  });
});
