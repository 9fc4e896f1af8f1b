// Two instances of 业扩报装 on one page (ADR 0027): the real lifecycles, each instance with its own container,
// history, React root and leave guards, against the msw mock service.
import { act, fireEvent, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connectionHandlers, createConnectionDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { createTestInstance, createTestLeaveGuards, serveMocks } from '@wb/sdk/testing';
import type { TestInstance, TestLeaveGuards } from '@wb/sdk/testing';
import * as entry from './main.ts';

const BASE = '/app/new-connection';
const API = '/api/svc/connection/v1';
const dataset = createConnectionDataset();
const server = createMockServer(...connectionHandlers({ dataset }));
const station = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所' };

serveMocks(server);

// Shell-level navigation throws: routes inside the app must use the instance's own history.
const instance = (guards: TestLeaveGuards, instanceId: string, url: string): TestInstance =>
  createTestInstance({
    appId: 'new-connection',
    instanceId,
    url,
    services: { connection: API },
    session: { permissions: ['yk:apply:view', 'yk:apply:accept', 'yk:apply:handle', 'yk:board:view'], posts: [station], activePost: station },
    leaveGuards: guards.forOwner(instanceId),
  });

const consName = (scope: HTMLElement): HTMLInputElement => within(scope).getByLabelText('户名') as HTMLInputElement;

describe('two instances of 业扩报装 on one page', () => {
  it('keep their own routes, form state and leave guards; unmounting one leaves the other intact', { timeout: 40_000 }, async () => {
    const guards = createTestLeaveGuards();
    const [listed] = dataset.applications;
    const a = instance(guards, 'new-connection', `${BASE}/accept`);
    const b = instance(guards, 'new-connection~2', `${BASE}/accept`);
    const c = instance(guards, 'new-connection~3', `${BASE}/applications`);
    await act(() => entry.mount(a.props));
    await act(() => entry.mount(b.props));
    await act(() => entry.mount(c.props));

    // Same form twice: each label points at its own input (antd ids come from the per-instance form name).
    const [inputA, inputB] = [consName(a.element), consName(b.element)];
    expect(inputA).not.toBe(inputB);
    expect(inputA.id).not.toBe(inputB.id);
    // (@rc-component's useId answers a fixed 'test-id' under NODE_ENV=test; in a browser it is React's useId.)
    const ids = [...document.querySelectorAll('[id]')].map((node) => node.id).filter((id) => id !== '' && id !== 'test-id');
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);

    fireEvent.change(inputA, { target: { value: '张三' } });
    fireEvent.change(inputB, { target: { value: '李四' } });
    await waitFor(() => expect(guards.dirty().map((g) => g.owner).sort()).toEqual(['new-connection', 'new-connection~2']));
    expect(consName(a.element).value).toBe('张三');
    expect(consName(b.element).value).toBe('李四');

    // The third instance lists the applications; its links stay inside it.
    const link = await within(c.element).findByRole('link', { name: listed!.appNo });
    expect(link.getAttribute('href')).toBe(`${BASE}/applications/${listed!.appNo}`);
    fireEvent.click(link);
    expect(c.history.location.pathname).toBe(`${BASE}/applications/${listed!.appNo}`);
    expect(a.history.location.pathname).toBe(`${BASE}/accept`);
    expect(await within(c.element).findByText(`业扩申请 ${listed!.appNo}`)).toBeTruthy();

    // B unmounts and the shell drops B's guards: A keeps its input and its dirty guard.
    await act(() => entry.unmount(b.props));
    guards.drop('new-connection~2');
    expect(b.element.children).toHaveLength(0);
    expect(guards.dirty().map((g) => g.owner)).toEqual(['new-connection']);
    expect(consName(a.element).value).toBe('张三');

    await act(() => entry.unmount(a.props));
    await act(() => entry.unmount(c.props));
    expect(guards.dirty()).toEqual([]);
    for (const x of [a, b, c]) x.element.remove();
  });
});
