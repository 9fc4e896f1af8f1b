/**
 * docs/quality.md P2: switching between two micro-apps by a menu click, 客户档案 ↔ 业扩报装 (在途申请), in the
 * workbench shell against the same switch in a bare single-spa root (same import map and micro-apps, a
 * bare menu of two links; bench/lib/browser.ts). Chromium with CPU ×4 throttle, as P1.
 * Targets: warm switch ≤ 1.2× the bare root's; INP (the event-timing duration of the click) ≤ 200 ms.
 *
 * - **cold**: the page has only 客户档案 loaded; the click loads 业扩报装's code for the first time.
 * - **warm**: both apps have been mounted once in the page; then the menu switches back and forth.
 *
 * A switch is timed from the click event to the target app's own marker in the DOM (the search box of each).
 * Each round loads one page per side (shell, then bare, alternating which goes first) and gives paired
 * ratios shell ÷ bare for cold and for warm (median of the round's warm switches); verdicts from p25–p75.
 *
 *   npx tsx bench/p2-app-switch.ts [--rounds 7] [--warm 4] [--short]     (needs `npm run build`)
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from '@playwright/test';
import { bareSwitchRootHtml, launchChromium, type BareApp } from './lib/browser.ts';
import { lent, loginCookie, startBenchServer } from './lib/server.ts';
import type { BenchServer } from './lib/server.ts';
import { fmt, median } from './lib/stats.ts';
import { combine, describe, spreadOf, verdictOf, type Spread, type Verdict, type VerdictWord } from './lib/verdict.ts';
import { describeSpread } from './lib/spreads.ts';
import { argument, definedOnly } from './lib/args.ts';

const USER = 'yk01';
const WARM_BAR = { op: '≤', value: 1.2 } as const;
const INP_BAR = { op: '≤', value: 200, unit: ' ms' } as const;

/** The two apps, their marker (an element only that app renders) and their routes on each side. */
const APPS = [
  { id: 'customer-archive', label: '客户档案', marker: 'input[placeholder="输入户号、户名、电话或地址"]', shellPath: '/app/customer-archive', barePath: '/__bench/bare/customer-archive' },
  { id: 'new-connection', label: '在途申请', marker: 'input[placeholder="申请编号、户名、地址、电话、户号"]', shellPath: '/app/new-connection/applications', barePath: '/__bench/bare/new-connection/applications' },
] as const;
type AppEntry = (typeof APPS)[number];

/** In-page instrumentation: the click's event time, the moment the awaited marker appears, event timing. */
const OBSERVER = `
  window.__p2 = { target: null, clickAt: 0, doneAt: 0, events: [] };
  addEventListener('click', (e) => { if (window.__p2.target && !window.__p2.clickAt) window.__p2.clickAt = e.timeStamp; }, true);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId) window.__p2.events.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'event', durationThreshold: 16, buffered: true });
  // Only after the click, and only a visible marker: an app kept hidden in its container does not count.
  new MutationObserver(() => {
    const p = window.__p2;
    if (!p.target || !p.clickAt || p.doneAt) return;
    const el = document.querySelector(p.target);
    if (el && el.checkVisibility()) p.doneAt = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
`;

interface P2Page {
  page: Page;
  /** The menu entry that switches to `app`, made visible (a closed submenu is opened first, unmeasured). */
  menuItem(app: AppEntry): Promise<Locator>;
  close(): Promise<void>;
}

interface SwitchSample {
  ms: number;
  /** Longest event-timing duration of the click's interaction. */
  inpMs: number;
}

interface RoundSample {
  cold: SwitchSample;
  warm: SwitchSample[];
}

/** `--short`: a quick check that it works, or a CI gate's budget; spreads are wider. */
export const P2_SHORT = { rounds: 3, warm: 2 } as const;

export interface P2Result {
  id: 'P2';
  rounds: number;
  shell: { coldMs: number; warmMs: number; inpMs: number };
  bare: { coldMs: number; warmMs: number; inpMs: number };
  /** Paired shell ÷ bare per round. */
  warmRatio: Verdict;
  coldRatio: Spread;
  /** Per round, the shell's worst click (INP as this benchmark sees it). */
  inp: Verdict;
  verdict: VerdictWord;
}

async function switchTo(p: P2Page, app: AppEntry): Promise<SwitchSample> {
  const item = await p.menuItem(app);
  await p.page.evaluate((marker) => Object.assign((window as unknown as { __p2: object }).__p2, { target: marker, clickAt: 0, doneAt: 0, events: [] }), app.marker);
  await item.click();
  await p.page.waitForFunction(() => (window as unknown as { __p2: { doneAt: number } }).__p2.doneAt > 0, null, { timeout: 60_000 });
  await p.page.waitForTimeout(250); // event-timing entries arrive after the next paint
  const s = await p.page.evaluate(() => (window as unknown as { __p2: { clickAt: number; doneAt: number; events: Array<{ start: number; duration: number }> } }).__p2);
  const inpMs = Math.max(0, ...s.events.filter((e) => e.start >= s.clickAt - 100).map((e) => e.duration));
  await p.page.evaluate(() => Object.assign((window as unknown as { __p2: object }).__p2, { target: null }));
  return { ms: s.doneAt - s.clickAt, inpMs };
}

async function waitFor(page: Page, app: AppEntry): Promise<void> {
  await page.locator(app.marker).first().waitFor({ timeout: 60_000 });
}

/** A fresh context (empty cache), throttled, on the first app; `open` returns the side's menu. */
async function openPage(browser: Browser, baseURL: string, cookie: { name: string; value: string }, side: 'shell' | 'bare', bare: string): Promise<P2Page> {
  const context = await browser.newContext();
  await context.addCookies([{ ...cookie, url: baseURL }]);
  const page = await context.newPage();
  await page.addInitScript(OBSERVER);
  if (side === 'bare') await page.route(`${baseURL}/__bench/bare**`, (r) => r.fulfill({ contentType: 'text/html', body: bare }));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const first = APPS[0];
  await page.goto(`${baseURL}${side === 'shell' ? first.shellPath : first.barePath}`);
  await waitFor(page, first);
  await page.waitForTimeout(500); // let the first load settle (idle work, late requests)
  const menuItem = side === 'shell' ? shellMenuItem(page) : async (app: AppEntry) => page.locator(`#bench-menu a[data-bench-menu="${APPS.indexOf(app)}"]`);
  return { page, menuItem, close: () => context.close() };
}

/**
 * The shell's side menu entry; 在途申请 sits in the 业扩报装 submenu, opened first when closed. Whether it is open is
 * read from the submenu title's `aria-expanded`, which changes at once: the entry's visibility does not, so during
 * the collapse animation that follows a switch to 客户档案 it still looked visible and then was not (a gate run
 * timed out clicking a hidden entry under load).
 */
function shellMenuItem(page: Page): (app: AppEntry) => Promise<Locator> {
  const menu = page.getByTestId('wb-side-menu');
  const submenuTitle = menu.locator('.ant-menu-submenu-title', { hasText: '业扩报装' }).first();
  return async (app) => {
    if (app.id === 'new-connection' && (await submenuTitle.getAttribute('aria-expanded')) !== 'true') {
      const before = page.url();
      await submenuTitle.click();
      // Opening the submenu must not switch apps itself, or the timed click would switch nothing.
      if (page.url() !== before) throw new Error(`P2: opening the 业扩报装 submenu navigated to ${page.url()}; the benchmark needs a menu path that only the timed click follows`);
    }
    const item = menu.getByText(app.label, { exact: true });
    await item.waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // the submenu's animation, before the timed click
    return item;
  };
}

/** One page: a cold switch to the second app, then `warm` switches back and forth. */
async function oneRound(browser: Browser, baseURL: string, cookie: { name: string; value: string }, side: 'shell' | 'bare', bare: string, warm: number): Promise<RoundSample> {
  const p = await openPage(browser, baseURL, cookie, side, bare);
  try {
    const cold = await switchTo(p, APPS[1]);
    const samples: SwitchSample[] = [];
    for (let i = 0; i < warm; i++) samples.push(await switchTo(p, APPS[i % 2 === 0 ? 0 : 1]));
    return { cold, warm: samples };
  } finally {
    await p.close();
  }
}

/** The bare root from the feed: the same import map, apps and services as the shell gets. */
async function bareRoot(baseURL: string, cookie: { name: string; value: string }): Promise<string> {
  const res = await fetch(`${baseURL}/api/registry/feed`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
  const feed = (await res.json()) as { importMap: unknown; user: unknown; apps: Array<{ id: string; specifier: string; services: Record<string, string> }> };
  const apps: BareApp[] = APPS.map((entry) => {
    const app = feed.apps.find((a) => a.id === entry.id);
    if (!app) throw new Error(`${entry.id} is not in ${USER}'s feed`);
    return { specifier: app.specifier, route: `/__bench/bare/${entry.id}`, href: entry.barePath, label: entry.label, services: app.services };
  });
  return bareSwitchRootHtml(feed.importMap, apps, feed.user);
}

const summary = (rounds: RoundSample[]): P2Result['shell'] => ({
  coldMs: median(rounds.map((r) => r.cold.ms)),
  warmMs: median(rounds.map((r) => median(r.warm.map((w) => w.ms)))),
  inpMs: median(rounds.map((r) => Math.max(r.cold.inpMs, ...r.warm.map((w) => w.inpMs)))),
});

/** `server`: a running bench server to use instead of starting one (left running). */
export async function run(options: { rounds?: number; warm?: number; server?: BenchServer } = {}): Promise<P2Result> {
  const rounds = options.rounds ?? 7;
  const warm = options.warm ?? 4;
  const server = options.server ? lent(options.server) : await startBenchServer(8096);
  const browser = await launchChromium();
  try {
    const cookie = await loginCookie(server.baseURL, USER);
    const bare = await bareRoot(server.baseURL, cookie);
    const shell: RoundSample[] = [];
    const peer: RoundSample[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first so that machine load and warm OS caches hit both alike.
      for (const side of r % 2 === 0 ? (['shell', 'bare'] as const) : (['bare', 'shell'] as const)) {
        (side === 'shell' ? shell : peer).push(await oneRound(browser, server.baseURL, cookie, side, bare, warm));
      }
    }
    const warmOf = (s: RoundSample): number => median(s.warm.map((w) => w.ms));
    const warmRatio = verdictOf(shell.map((s, i) => warmOf(s) / warmOf(peer[i] as RoundSample)), WARM_BAR);
    const inp = verdictOf(shell.map((s) => Math.max(s.cold.inpMs, ...s.warm.map((w) => w.inpMs))), INP_BAR);
    return {
      id: 'P2',
      rounds,
      shell: summary(shell),
      bare: summary(peer),
      warmRatio,
      coldRatio: spreadOf(shell.map((s, i) => s.cold.ms / (peer[i] as RoundSample).cold.ms)),
      inp,
      verdict: combine([warmRatio, inp]),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function describeP2(r: P2Result): string {
  return (
    `warm ${fmt(r.shell.warmMs)} vs ${fmt(r.bare.warmMs)} ms, shell ÷ bare **${describe(r.warmRatio)}**; ` +
    `cold ${fmt(r.shell.coldMs)} vs ${fmt(r.bare.coldMs)} ms = ${describeSpread(r.coldRatio)}; ` +
    `INP ${describe(r.inp, 0)} (bare root ${fmt(r.bare.inpMs, 0)} ms)`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const short = process.argv.includes('--short') ? P2_SHORT : {};
  const result = await run({ ...short, ...definedOnly({ rounds: argument('rounds'), warm: argument('warm') }) });
  console.log(JSON.stringify(result, null, 2));
  console.log(`P2 switch 客户档案 ↔ 在途申请 by menu click (CPU x4): ${describeP2(result)} — ${result.verdict}`);
}
