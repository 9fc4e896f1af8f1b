import { describe, expect, it, vi } from 'vitest';
import { PartUnavailableError, createEventHub } from '@wb/sdk';
import type { PartMountProps, WorkbenchLifecycles } from '@wb/sdk';
import { testApp, testFeed, testUser } from '../test/fixtures.ts';
import { createPartsEnv } from './parts-env.ts';
import type { PartsEnvOptions } from './parts-env.ts';

const part = { appId: 'customer-archive', id: 'customer-360', title: '客户360', permission: 'cust:archive:view', channels: ['workbench' as const], major: 1, loadable: true };

/** A provider entry module whose `parts['customer-360']` writes its props into its container. */
function providerModule() {
  const seen: PartMountProps[] = [];
  const lifecycles: WorkbenchLifecycles = {
    bootstrap: async () => undefined,
    mount: async (p) => {
      const props = p as PartMountProps;
      seen.push(props);
      props.domElement!.textContent = `客户360 ${String(props.partProps['consNo'])}`;
      props.events?.subscribe('ticket.created', () => undefined);
    },
    update: async (p) => {
      const props = p as PartMountProps;
      props.domElement!.textContent = `客户360 ${String(props.partProps['consNo'])}`;
    },
    unmount: async (p) => {
      p.domElement!.textContent = '';
    },
  };
  return { module: { parts: { 'customer-360': lifecycles } }, seen };
}

function setup(feedOverrides: Parameters<typeof testFeed>[0] = {}) {
  const feed = testFeed({ parts: [part], ...feedOverrides });
  const provider = providerModule();
  const importModule = vi.fn(async () => provider.module);
  const reporter = { report: vi.fn() };
  const events = createEventHub();
  const options: PartsEnvOptions = { getFeed: () => feed, importModule, getSession: () => feed.user, navigate: vi.fn(), reporter, events };
  const env = createPartsEnv(options);
  return { env, importModule, reporter, events, provider, capability: env.forInstance({ instanceId: 'service-tickets' }) };
}

describe('shell parts (ADR 0030)', () => {
  it('mounts a provider part through the entry module, as its own instance, and updates and unmounts it', async () => {
    const { capability, importModule, events, provider } = setup();
    expect(capability.describe('customer-archive', 'customer-360')).toEqual({ status: 'available', app: 'customer-archive', part: 'customer-360', title: '客户360', major: 1 });
    const el = document.createElement('div');
    const mounted = await capability.mount('customer-archive', 'customer-360', el, { consNo: '3340100001' });
    expect(importModule).toHaveBeenCalledWith('@wb-app/customer-archive');
    expect(el.textContent).toBe('客户360 3340100001');
    const props = provider.seen[0]!;
    expect(props).toMatchObject({ appId: 'customer-archive', partId: 'customer-360', hostInstanceId: 'service-tickets', basePath: '/app/customer-archive' });
    expect(props.instanceId).toMatch(/^service-tickets~customer-archive\.customer-360\.\d+$/);
    expect(props.history.location.pathname).toBe('/app/customer-archive');
    // A part may assemble parts itself (客户360's slots, ADR 0039): its own capability, nested instance ids.
    expect(props.parts?.describe('customer-archive', 'customer-360').status).toBe('available');
    const inner = document.createElement('div');
    const nested = await props.parts!.mount('customer-archive', 'customer-360', inner, { consNo: '3340100003' });
    expect(provider.seen[1]!.instanceId).toMatch(/^service-tickets~customer-archive\.customer-360\.\d+~customer-archive\.customer-360\.\d+$/);
    await nested.unmount();
    await mounted.update({ consNo: '3340100002' });
    expect(el.textContent).toBe('客户360 3340100002');
    expect(events.subscriptionCount(props.instanceId)).toBe(1);
    await mounted.unmount();
    expect(el.textContent).toBe('');
    expect(events.subscriptionCount()).toBe(0);
  });

  it('refuses a viewer without the part’s permission before requesting any provider code', async () => {
    const { capability, importModule } = setup({ user: testUser({ permissions: ['store:market:use'] }) });
    expect(capability.describe('customer-archive', 'customer-360')).toMatchObject({ status: 'forbidden', message: '无权查看：客户360' });
    await expect(capability.mount('customer-archive', 'customer-360', document.createElement('div'), { consNo: '3340100001' })).rejects.toBeInstanceOf(PartUnavailableError);
    expect(importModule).not.toHaveBeenCalled();
  });

  it('names a part of an app the viewer may not load (loadable: false) without loading it', async () => {
    const { capability, importModule } = setup({ apps: [testApp('service-tickets')], parts: [{ ...part, loadable: false }] });
    expect(capability.describe('customer-archive', 'customer-360')).toMatchObject({ status: 'forbidden', message: '无权查看：客户360' });
    expect(capability.describe('customer-archive', 'unknown')).toMatchObject({ status: 'forbidden', message: '无权查看：customer-archive/unknown' });
    await expect(capability.mount('customer-archive', 'customer-360', document.createElement('div'), {})).rejects.toBeInstanceOf(PartUnavailableError);
    expect(importModule).not.toHaveBeenCalled();
  });

  it('refuses a channel the part does not support, and a part the provider does not expose', async () => {
    const { capability, importModule } = setup({ channel: 'mobile' });
    expect(capability.describe('customer-archive', 'customer-360')).toMatchObject({ status: 'channel', message: '当前渠道不支持：客户360' });
    expect(capability.describe('customer-archive', 'nothing')).toMatchObject({ status: 'missing', message: '部件不存在或未发布：customer-archive/nothing' });
    await expect(capability.mount('customer-archive', 'customer-360', document.createElement('div'), {})).rejects.toBeInstanceOf(PartUnavailableError);
    expect(importModule).not.toHaveBeenCalled();
  });

  it('brings the provider’s stylesheets with its part, with integrity, shared with its other instances; a refused sheet fails the part (ADR 0059)', async () => {
    const styles = [{ href: '/assets/apps/customer-archive/d1/app.css', integrity: 'sha384-part' }];
    const links = () => [...document.head.querySelectorAll<HTMLLinkElement>('link[data-wb-app="customer-archive"]')];
    // happy-dom answers each <link> at once with load (or error), as a browser would once the file arrived or failed.
    const happyDom = (window as unknown as { happyDOM: { settings: { disableCSSFileLoading: boolean; handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM;
    happyDom.settings.disableCSSFileLoading = true;
    happyDom.settings.handleDisabledFileLoadingAsSuccess = true;
    const { capability, provider } = setup({ apps: [testApp('customer-archive', { styles })] });
    const first = document.createElement('div');
    const second = document.createElement('div');
    const a = await capability.mount('customer-archive', 'customer-360', first, { consNo: '3340100001' });
    const b = await capability.mount('customer-archive', 'customer-360', second, { consNo: '3340100002' });
    expect(links().map((l) => [l.getAttribute('href'), l.integrity])).toEqual([[styles[0]!.href, 'sha384-part']]);
    // The part's element is the root a scoped stylesheet applies under.
    expect(first.getAttribute('data-wb-app')).toBe('customer-archive');
    expect(provider.seen).toHaveLength(2);
    await a.unmount();
    expect(links()).toHaveLength(1);
    await b.unmount();
    expect(links()).toHaveLength(0);

    // A sheet refused (integrity, 404): the part does not mount unstyled, and nothing stays behind.
    happyDom.settings.handleDisabledFileLoadingAsSuccess = false;
    const refused = document.createElement('div');
    await expect(capability.mount('customer-archive', 'customer-360', refused, { consNo: '3340100003' })).rejects.toThrow('stylesheet failed to load');
    expect(provider.seen).toHaveLength(2);
    expect(links()).toHaveLength(0);
    happyDom.settings.handleDisabledFileLoadingAsSuccess = true;
  });

  it('reports a provider that does not export the part, once, and rejects', async () => {
    const { env, importModule, reporter } = setup();
    importModule.mockResolvedValueOnce({ parts: {} } as never);
    const capability = env.forInstance({ instanceId: 'x' });
    await expect(capability.mount('customer-archive', 'customer-360', document.createElement('div'), {})).rejects.toThrow(/does not export part "customer-360"/);
    expect(reporter.report).toHaveBeenCalledTimes(1);
    expect(reporter.report.mock.calls[0]?.[1]).toBe('WB_SHELL_001');
  });
});
