// The measuring process of docs/quality.md P18 (bench/p18-part-assembly.ts starts it): assembling a 界面部件
// costs no more than mounting the provider's parcel.
// One process, one DOM (happy-dom), the provider's entry module already loaded (the browser caches it after the
// first part of that app on a page). Each round mounts and unmounts the same `createReactPart` parcel ROUND_SIZE
// times directly (bootstrap → mount → unmount on a container, as a provider's own test would) and ROUND_SIZE
// times through the shell's parts capability and the SDK's framework-free `mountPart` (availability from the
// feed, the lazy part mounter, the part's instance props, event connection and leave guards, the holder and
// its container) — alternating which side goes first. The figure is the per-round ratio of the two times.
//
//   TSX_TSCONFIG_PATH=tsconfig.browser.json node --import tsx bench/p18-part-assembly-worker.ts --rounds 15 --size 20
//   (the SDK's .tsx files need the browser tsconfig's automatic JSX runtime); prints the P18Result as JSON.
import { Window } from 'happy-dom';
import type { Feed, FeedApp, SessionUser } from '@wb/contracts';
import { argument } from './lib/args.ts';
import { verdictOf } from './lib/verdict.ts';
import type { P18Result } from './p18-part-assembly.ts';

// A DOM before React loads: happy-dom's window, its globals copied onto Node's (what a test environment does).
const dom = new Window({ url: 'http://localhost/app/service-tickets' });
for (const key of Object.getOwnPropertyNames(dom)) {
  if (key in globalThis) continue;
  Object.defineProperty(globalThis, key, { configurable: true, writable: true, value: (dom as unknown as Record<string, unknown>)[key] });
}
Object.assign(globalThis, { window: dom, document: dom.document, navigator: dom.navigator, IS_REACT_ACT_ENVIRONMENT: false });

const { createElement } = await import('react');
const { z } = await import('zod');
const { PAGE_SCOPE, createEventHub, mountPart } = await import('@wb/sdk');
const { createReactPart } = await import('@wb/sdk/react');
const { createPartsEnv } = await import('../shell/src/parts/parts-env.ts');
const { createLeaveGuardRegistry } = await import('../shell/src/leave-guard/registry.ts');

/** A small customer card: the kind of part a consumer embeds (a heading, a few fields, a list). */
function Card({ consNo }: { consNo: string }) {
  return createElement(
    'section',
    { 'aria-label': '客户卡片' },
    createElement('h3', null, `户号 ${consNo}`),
    createElement('dl', null, ...['户名', '地址', '电话'].flatMap((k) => [createElement('dt', { key: `${k}t` }, k), createElement('dd', { key: `${k}d` }, '—')])),
  );
}
const lifecycles = createReactPart(Card, { schema: z.object({ consNo: z.string() }), appId: 'customer-archive' });

const post = { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '33401', orgUnitName: '江州客户服务中心' };
const user: SessionUser = {
  id: 'u-kf01', username: 'kf01', displayName: '张敏', orgUnitCode: '33401', orgUnitName: '江州客户服务中心',
  roles: ['KF_AGENT'], posts: [post], activePost: post, permissions: ['cust:archive:view'], mustChangePassword: false,
};
const provider: FeedApp = {
  id: 'customer-archive', name: '客户档案', version: '1.0.0', specifier: '@wb-app/customer-archive', routes: ['/app/customer-archive'],
  category: '业务应用', description: '', services: { customer: '/api/svc/customer/v1' }, workflows: [], inMenu: true,
};
const feed = {
  user,
  channel: 'web',
  apps: [provider],
  parts: [{ appId: 'customer-archive', id: 'card', title: '客户卡片', permission: 'cust:archive:view', channels: ['web'], major: 1, loadable: true }],
} as unknown as Pick<Feed, 'user' | 'channel' | 'parts' | 'apps'>;
const entry = { parts: { card: lifecycles } };
const events = createEventHub();
const partsEnv = createPartsEnv({
  getFeed: () => feed,
  // The entry module is in the browser's module cache after the first part of the app: no network here.
  importModule: async () => entry,
  getSession: () => user,
  navigate: () => undefined,
  reporter: { report: (appId, code, error) => { throw new Error(`${appId} ${code}: ${String(error)}`); } },
  events,
  leaveGuards: createLeaveGuardRegistry(),
});
const capability = partsEnv.forInstance({ instanceId: 'service-tickets', scope: PAGE_SCOPE });
const host = document.createElement('div');
document.body.appendChild(host);

let sequence = 0;
async function direct(): Promise<void> {
  sequence += 1;
  const container = document.createElement('div');
  host.appendChild(container);
  const basePath = '/app/customer-archive';
  const { createMemoryHistory } = await import('@wb/sdk');
  const props = {
    name: '@wb-app/customer-archive#card', appId: 'customer-archive', instanceId: `direct.${sequence}`, basePath,
    history: createMemoryHistory(basePath), session: user, services: provider.services, navigate: () => undefined,
    reportError: () => undefined, domElement: container, partId: 'card', partProps: { consNo: '3100000001' }, hostInstanceId: 'service-tickets',
  };
  await lifecycles.bootstrap(props);
  await lifecycles.mount(props);
  if (!container.querySelector('h3')) throw new Error('direct mount rendered nothing');
  await lifecycles.unmount(props);
  container.remove();
}

async function assembled(): Promise<void> {
  const handle = await mountPart(capability, 'customer-archive', 'card', host, { consNo: '3100000001' });
  if (!host.querySelector('h3')) throw new Error('assembled part rendered nothing');
  await handle.unmount();
}

async function time(run: () => Promise<void>, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await run();
  return performance.now() - start;
}

async function measure(rounds: number, size: number): Promise<P18Result> {
  // Warm-up: the lazy part mounter's chunk, React's and the JIT's first runs.
  await time(direct, size);
  await time(assembled, size);
  const ratios: number[] = [];
  const directs: number[] = [];
  const assembleds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Paired one by one, alternating which goes first: drift in the machine's load hits both sides alike.
    let d = 0;
    let b = 0;
    for (let i = 0; i < size; i++) {
      if ((r + i) % 2 === 0) {
        b += await time(assembled, 1);
        d += await time(direct, 1);
      } else {
        d += await time(direct, 1);
        b += await time(assembled, 1);
      }
    }
    ratios.push(b / d);
    directs.push(d / size);
    assembleds.push(b / size);
  }
  if (host.childElementCount !== 0) throw new Error(`${host.childElementCount} containers left behind`);
  const mid = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  return { rounds, size, directMs: mid(directs), assembledMs: mid(assembleds), ratio: verdictOf(ratios, { op: '≤', value: 1.1 }) };
}

const result = await measure(argument('rounds') ?? 15, argument('size') ?? 20);
process.stdout.write(`${JSON.stringify(result)}\n`);
// React roots and happy-dom timers would keep the process alive.
await dom.happyDOM.abort();
process.exit(0);
