import { describe, expect, it, vi } from 'vitest';
import { ShellErrorCode } from '@wb/contracts';
import { createEventHub, type WorkbenchEvents } from '@wb/sdk';
import { createLeaveGuardRegistry } from '../leave-guard/registry.ts';
import { testApp, testUser } from '../test/fixtures.ts';
import { createWidgetHost } from './widget-host.ts';

function setup(widgets: unknown) {
  const reports: Array<{ appId: string; code: string }> = [];
  const registry = createLeaveGuardRegistry();
  const host = createWidgetHost({
    importModule: async () => ({ widgets }),
    getSession: () => testUser(),
    navigate: vi.fn(),
    reporter: { report: (appId, code) => reports.push({ appId, code }) },
    leaveGuards: registry,
  });
  return { host, reports, registry, app: testApp('customer-archive') };
}

describe('widget host', () => {
  it('mounts the exported widget into its cell and unmounts it exactly once', async () => {
    const element = document.createElement('div');
    const calls: string[] = [];
    const widget = {
      bootstrap: vi.fn(async () => void calls.push('bootstrap')),
      mount: vi.fn(async (props: { domElement: HTMLElement; widgetId: string; basePath: string }) => {
        calls.push('mount');
        props.domElement.textContent = `${props.widgetId} ${props.basePath}`;
      }),
      unmount: vi.fn(async (props: { domElement: HTMLElement }) => {
        calls.push('unmount');
        props.domElement.textContent = '';
      }),
    };
    const { host, app } = setup({ 'quick-search': widget });
    const mounted = await host.mount(app, 'quick-search', element);
    expect(element.textContent).toBe('quick-search /app/customer-archive');
    await Promise.all([mounted.unmount(), mounted.unmount()]);
    await mounted.unmount();
    expect(calls).toEqual(['bootstrap', 'mount', 'unmount']);
    expect(element.textContent).toBe('');
  });

  it('drops the widget\'s leave guards when it unmounts', async () => {
    let guard: { set(dirty: boolean): void } | undefined;
    const widget = {
      mount: async (props: { leaveGuards?: { add(): { set(dirty: boolean): void } } }) => {
        guard = props.leaveGuards?.add();
        guard?.set(true);
      },
      unmount: async () => undefined,
    };
    const { host, app, registry } = setup({ card: widget });
    const mounted = await host.mount(app, 'card', document.createElement('div'));
    expect(registry.dirty()).toHaveLength(1);
    await mounted.unmount();
    expect(registry.dirty()).toHaveLength(0);
  });

  it('mounts a widget as a part placed by the shell: its own instance, page events, the page history (ADR 0037)', async () => {
    const hub = createEventHub();
    const seen: unknown[] = [];
    let received: Record<string, unknown> = {};
    const widget = {
      mount: async (props: Record<string, unknown> & { events?: WorkbenchEvents }) => {
        received = props;
        props.events?.subscribe('customer.selected', (payload) => seen.push(payload));
      },
      unmount: async () => undefined,
    };
    const registry = createLeaveGuardRegistry();
    const host = createWidgetHost({
      importModule: async () => ({ widgets: { card: widget } }),
      getSession: () => testUser(),
      navigate: vi.fn(),
      reporter: { report: vi.fn() },
      leaveGuards: registry,
      events: hub,
    });
    const mounted = await host.mount(testApp('customer-archive'), 'card', document.createElement('div'));
    expect(received).toMatchObject({ instanceId: 'customer-archive#card', widgetId: 'card', partId: 'card', hostInstanceId: 'shell:home', partProps: {} });
    const raiser = hub.connect({ appId: 'service-tickets', instanceId: 'service-tickets', scope: 'page' });
    raiser.publish('customer.selected', { consNo: '3100000001' });
    expect(seen).toEqual([{ consNo: '3100000001' }]);
    await mounted.unmount();
    raiser.publish('customer.selected', { consNo: '3100000002' });
    expect(seen).toHaveLength(1);
  });

  it('rejects and reports once when the module exports no such widget', async () => {
    const { host, app, reports } = setup({});
    await expect(host.mount(app, 'missing', document.createElement('div'))).rejects.toThrow(/does not export widget "missing"/);
    expect(reports).toEqual([{ appId: 'customer-archive', code: ShellErrorCode.LoadFailed }]);
  });

  it('cleans up after a failing mount and reports it as a mount failure', async () => {
    const unmount = vi.fn(async () => undefined);
    const widget = {
      mount: async () => {
        throw new Error('boom');
      },
      unmount,
    };
    const { host, app, reports } = setup({ card: widget });
    await expect(host.mount(app, 'card', document.createElement('div'))).rejects.toThrow('boom');
    expect(unmount).toHaveBeenCalledTimes(1);
    expect(reports).toEqual([{ appId: 'customer-archive', code: ShellErrorCode.BootstrapOrMountFailed }]);
  });
});
