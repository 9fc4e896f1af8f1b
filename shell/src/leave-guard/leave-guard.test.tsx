import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { render } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PostRef } from '@wb/contracts';
import { ShellContext } from '../layout/shell-context.ts';
import { ShellProviders } from '../layout/Shell.tsx';
import { createNavigate, listenToHistory, readLocation } from '../routing/navigation.ts';
import { VersionNotice } from '../session/VersionNotice.tsx';
import { createShellStore } from '../store/shell-store.ts';
import { testApp, testFeed, testMenu, testUser } from '../test/fixtures.ts';
import { renderShell } from '../test/render-shell.tsx';
import { LeaveGuardPrompt } from './LeaveGuardPrompt.tsx';
import { BEFORE_ROUTING_EVENT, LEAVE_QUESTION, createLeaveGuard, type LeavePrompt } from './leave-guard.ts';
import { createLeaveGuardRegistry } from './registry.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setUp(path = '/app/a/form') {
  window.history.replaceState(null, '', path);
  const registry = createLeaveGuardRegistry();
  const guard = createLeaveGuard({ registry });
  const answers: Array<(leave: boolean) => void> = [];
  const prompt = vi.fn<LeavePrompt>(() => new Promise<boolean>((resolve) => answers.push(resolve)));
  guard.setPrompt(prompt);
  const form = registry.forOwner('@wb-app/a').add();
  return { registry, guard, prompt, answers, form };
}

/** What single-spa 6 dispatches before a reroute; `cancelled` is what its cancelNavigation promise resolved to. */
function beforeRouting(oldUrl: string, newUrl: string): { cancel: ReturnType<typeof vi.fn>; cancelled(): Promise<boolean | undefined> } {
  const cancel = vi.fn();
  const origin = window.location.origin;
  window.dispatchEvent(new CustomEvent(BEFORE_ROUTING_EVENT, { detail: { oldUrl: origin + oldUrl, newUrl: origin + newUrl, cancelNavigation: cancel } }));
  return { cancel, cancelled: async () => (cancel.mock.calls.length === 0 ? undefined : await (cancel.mock.calls[0]![0] as Promise<boolean>)) };
}

const unloadPrevented = (): boolean => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};

describe('leave guard controller', () => {
  it('asks only with unsaved input, for another path or query, not for the same page or a hash', () => {
    const { guard, form } = setUp();
    expect(guard.mustAsk('/app/a/form', '/app/b')).toBe(false);
    form.set(true);
    expect(guard.mustAsk('/app/a/form', '/app/b')).toBe(true);
    expect(guard.mustAsk('/app/a/form', '/app/a/form?tab=2')).toBe(true);
    expect(guard.mustAsk('/app/a/form', `${window.location.origin}/app/a/form#x`)).toBe(false);
    guard.approve('/app/b');
    expect(guard.mustAsk('/app/a/form', '/app/b')).toBe(false);
    const resume = guard.suspend();
    expect(guard.mustAsk('/app/a/form', '/app/c')).toBe(false);
    resume();
    expect(guard.mustAsk('/app/a/form', '/app/c')).toBe(true);
  });

  it('confirms at once when clean, else asks once for concurrent callers with the guards\' messages', async () => {
    const { guard, prompt, answers, form, registry } = setUp();
    await expect(guard.confirmLeave()).resolves.toBe(true);
    expect(prompt).not.toHaveBeenCalled();
    form.set(true, '受理登记未提交');
    registry.forOwner('@wb-app/b').add().set(true, '受理登记未提交');
    const first = guard.confirmLeave();
    const second = guard.confirmLeave();
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(prompt).toHaveBeenCalledWith(['受理登记未提交']);
    answers[0]!(false);
    await expect(first).resolves.toBe(false);
    await expect(second).resolves.toBe(false);
    const third = guard.confirmLeave();
    expect(prompt).toHaveBeenCalledTimes(2);
    answers[1]!(true);
    await expect(third).resolves.toBe(true);
  });

  it('keeps beforeunload exactly while a guard is dirty and the guard is not suspended', () => {
    const { guard, form } = setUp();
    const dispose = guard.install({ onPass: () => undefined });
    expect(unloadPrevented()).toBe(false);
    form.set(true);
    expect(unloadPrevented()).toBe(true);
    const resume = guard.suspend();
    expect(unloadPrevented()).toBe(false);
    resume();
    expect(unloadPrevented()).toBe(true);
    form.remove();
    expect(unloadPrevented()).toBe(false);
    form.set(true);
    dispose();
    expect(unloadPrevented()).toBe(false);
  });

  it('holds single-spa navigations away from unsaved input until the user answers (back/forward)', async () => {
    const { guard, form, answers } = setUp();
    const onPass = vi.fn();
    const dispose = guard.install({ onPass });

    const clean = beforeRouting('/app/a/form', '/app/b');
    expect(clean.cancel).not.toHaveBeenCalled();
    expect(onPass).toHaveBeenCalledTimes(1);

    form.set(true);
    const stay = beforeRouting('/app/a/form', '/app/b');
    expect(stay.cancel).toHaveBeenCalledTimes(1);
    answers[0]!(false);
    await expect(stay.cancelled()).resolves.toBe(true);
    expect(onPass).toHaveBeenCalledTimes(1);

    const leave = beforeRouting('/app/a/form', '/app/b');
    answers[1]!(true);
    await expect(leave.cancelled()).resolves.toBe(false);
    expect(onPass).toHaveBeenCalledTimes(2);

    // The shell's own navigation asked already: its approved URL passes once, without a second question.
    guard.approve('/app/c');
    expect(beforeRouting('/app/a/form', '/app/c').cancel).not.toHaveBeenCalled();
    expect(beforeRouting('/app/a/form', '/app/c').cancel).toHaveBeenCalled();
    expect(answers).toHaveLength(3);
    dispose();
  });
});

describe('shell navigation with the guard', () => {
  it('pushes the URL and updates the store only after 离开', async () => {
    const { guard, form, answers } = setUp('/app/a/form');
    const store = createShellStore(readLocation(), testFeed());
    const navigate = createNavigate(store, '', window.history, guard);
    form.set(true);
    navigate('/app/b');
    expect(window.location.pathname).toBe('/app/a/form');
    answers[0]!(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(window.location.pathname).toBe('/app/a/form');
    expect(store.getState().location.pathname).toBe('/app/a/form');

    navigate('/app/b');
    answers[1]!(true);
    await waitFor(() => expect(window.location.pathname).toBe('/app/b'));
    expect(store.getState().location.pathname).toBe('/app/b');
    // single-spa's check for the same navigation lets it through.
    expect(guard.mustAsk('/app/a/form', '/app/b')).toBe(false);
  });

  it('leaves the store as it is on back/forward away from unsaved input (single-spa asks), and follows otherwise', () => {
    const { guard, form } = setUp('/app/a/form');
    const store = createShellStore(readLocation(), testFeed());
    const stop = listenToHistory(store, '', guard);
    form.set(true);
    window.history.replaceState(null, '', '/app/b');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(store.getState().location.pathname).toBe('/app/a/form');
    form.set(false);
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(store.getState().location.pathname).toBe('/app/b');
    stop();
  });
});

const accept: PostRef = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '城东供电所' };
const survey: PostRef = { code: 'YK_SURVEY', name: '现场勘查员', orgUnitCode: '334010102', orgUnitName: '城西供电所' };
const feed = testFeed({
  user: testUser({ posts: [accept, survey], activePost: accept }),
  apps: [testApp('new-connection', { name: '业扩报装' }), testApp('customer-archive', { name: '客户档案' })],
  menus: [
    testMenu('new-connection', 'accept', { title: '受理登记', path: '/app/new-connection/accept', order: 1 }),
    testMenu('customer-archive', 'search', { title: '客户查询', path: '/app/customer-archive', order: 2 }),
  ],
});

function renderGuardedShell(extra: Parameters<typeof renderShell>[0] = {}) {
  const registry = createLeaveGuardRegistry();
  const leaveGuard = createLeaveGuard({ registry });
  const rendered = renderShell({ feed, path: '/app/new-connection/accept', leaveGuard, ...extra });
  const form = registry.forOwner('@wb-app/new-connection').add();
  return { ...rendered, form, registry };
}

/** Waits for the `n`-th question (antd keeps closed confirms in the DOM while their motion would run). */
const questions = (): HTMLElement[] => screen.queryAllByText(LEAVE_QUESTION, { selector: '.ant-modal-confirm-title' });
const asked = (n: number): Promise<void> => waitFor(() => expect(questions()).toHaveLength(n));
const STAY = /留\s*在\s*此\s*页/;
const LEAVE = /离\s*开/;
/** Answers the newest question. */
function answer(choice: RegExp): void {
  const buttons = screen.getAllByRole('button', { name: choice });
  fireEvent.click(buttons[buttons.length - 1]!);
}

describe('the shell asks before unsaved input is lost (R5)', () => {
  it('side menu: 留在此页 keeps URL and page, 离开 navigates; a clean form navigates without asking', async () => {
    const { env, form } = renderGuardedShell();
    const menu = within(screen.getByTestId('wb-side-menu'));
    form.set(true);
    fireEvent.click(menu.getByText('客户查询'));
    await asked(1);
    answer(STAY);
    await act(async () => undefined);
    expect(window.location.pathname).toBe('/app/new-connection/accept');
    expect(env.store.getState().location.pathname).toBe('/app/new-connection/accept');

    fireEvent.click(menu.getByText('客户查询'));
    await asked(2);
    answer(LEAVE);
    await waitFor(() => expect(window.location.pathname).toBe('/app/customer-archive'));
    expect(env.store.getState().location.pathname).toBe('/app/customer-archive');

    form.set(false);
    fireEvent.click(menu.getByText('受理登记'));
    expect(window.location.pathname).toBe('/app/new-connection/accept');
    expect(questions()).toHaveLength(2);
  });

  it('post switch asks first and does not switch when the user stays', async () => {
    const switchPost = vi.fn(async () => ({ kind: 'switched', leftApp: false }) as const);
    const { form } = renderGuardedShell({ switchPost });
    form.set(true);
    fireEvent.click(screen.getByTestId('wb-header-user'));
    fireEvent.click((await screen.findAllByTestId('wb-post-option'))[1]!);
    await asked(1);
    answer(STAY);
    await act(async () => undefined);
    expect(switchPost).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('wb-header-user'));
    fireEvent.click((await screen.findAllByTestId('wb-post-option'))[1]!);
    await asked(2);
    answer(LEAVE);
    await waitFor(() => expect(switchPost).toHaveBeenCalledWith(survey));
  });

  it('logout asks first; after 离开 the browser is not asked again', async () => {
    server.use(http.post('*/api/identity/logout', () => new HttpResponse(null, { status: 204 })));
    const { form, assigned } = renderGuardedShell();
    form.set(true);
    fireEvent.click(screen.getByTestId('wb-header-user'));
    fireEvent.click(await screen.findByText('退出登录'));
    await asked(1);
    answer(STAY);
    await act(async () => undefined);
    expect(assigned).toEqual([]);

    fireEvent.click(screen.getByTestId('wb-header-user'));
    fireEvent.click((await screen.findAllByText('退出登录')).at(-1)!);
    await asked(2);
    answer(LEAVE);
    await waitFor(() => expect(assigned).toEqual(['/login']));
  });

  it('the 新版本 notice\'s 刷新 asks first and reloads only after 离开', async () => {
    window.history.replaceState(null, '', '/app/new-connection/accept');
    const registry = createLeaveGuardRegistry();
    const leaveGuard = createLeaveGuard({ registry });
    leaveGuard.install({ onPass: () => undefined });
    const store = createShellStore(readLocation(), feed);
    const reload = vi.fn();
    const env = { store, basename: '', navigate: createNavigate(store), leaveGuard } as unknown as Parameters<typeof ShellContext>[0]['value'];
    render(
      <ShellContext value={env}>
        <ShellProviders>
          <VersionNotice reload={reload} />
          <LeaveGuardPrompt />
        </ShellProviders>
      </ShellContext>,
    );
    registry.forOwner('@wb-app/new-connection').add().set(true);
    act(() => store.getState().addUpdates({ 'new-connection': '1.1.0' }));
    fireEvent.click(await screen.findByRole('button', { name: /刷\s*新/ }));
    await asked(1);
    answer(STAY);
    await act(async () => undefined);
    expect(reload).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: /刷\s*新/ }));
    await asked(2);
    answer(LEAVE);
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(unloadPrevented()).toBe(false);
  });
});
