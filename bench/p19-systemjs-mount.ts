/**
 * docs/quality.md P19 (issue 11 "Measure", ADR 0040, ADR 0062): a SystemJS app's cold mount in the shell against an
 * equal ES module app's. The SystemJS side is the browser tests' fixture `e2e/fixtures/publishing/fx-system`
 * (`System.register`, React external, a lazy chunk); the peer is its line-for-line ES module twin
 * `bench/fixtures/fx-esm-twin`. Both are uploaded by dev01 and approved by rev01 on a fresh production server, as
 * an outside team's would be, then opened by kf01 from the side menu. Chromium with CPU ×4 throttle, as P1/P2.
 * Target: SystemJS ÷ ESM ≤ 1.2×.
 *
 * A mount is cold: each sample is a fresh browser context (empty cache) on the workbench home, settled, then one
 * click on the app's menu entry, timed from the click event to the app's own section in the DOM, visible. The
 * SystemJS side therefore pays what its first mount costs a user: the loader chunk, s.js, the bridge to the shared
 * modules, its entry and chunk. Each round takes one sample per side (alternating which goes first) and gives a
 * paired ratio; the verdict is read from p25–p75 (bench/lib/verdict.ts).
 *
 *   npx tsx bench/p19-systemjs-mount.ts [--rounds 25] [--short] [--port 8097]     (needs `npm run build`)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { zipSync } from 'fflate';
import { launchChromium } from './lib/browser.ts';
import { loginCookie, startBenchServer } from './lib/server.ts';
import { fmt, median } from './lib/stats.ts';
import { describe, verdictOf, type Verdict, type VerdictWord } from './lib/verdict.ts';
import { argument, definedOnly } from './lib/args.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const STORE = '/api/svc/appstore/v1';
const USER = 'kf01';
const BAR = { op: '≤', value: 1.2 } as const;

/** The two sides: bundle folder, menu entry, and the element only that app renders. */
const SIDES = {
  systemjs: { folder: path.join(ROOT, 'e2e/fixtures/publishing/fx-system'), menu: '测试-SystemJS应用', marker: '[data-testid="fx-system"]' },
  esm: { folder: path.join(ROOT, 'bench/fixtures/fx-esm-twin'), menu: '测试-ESM应用', marker: '[data-testid="fx-esm-twin"]' },
} as const;
type Side = keyof typeof SIDES;

/** In-page instrumentation: the click's event time and the moment the awaited marker is visible. */
const OBSERVER = `
  window.__p19 = { target: null, clickAt: 0, doneAt: 0 };
  addEventListener('click', (e) => { if (window.__p19.target && !window.__p19.clickAt) window.__p19.clickAt = e.timeStamp; }, true);
  new MutationObserver(() => {
    const p = window.__p19;
    if (!p.target || !p.clickAt || p.doneAt) return;
    const el = document.querySelector(p.target);
    if (el && el.checkVisibility()) p.doneAt = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
`;

export const P19_SHORT = { rounds: 3 } as const;

export interface P19Result {
  id: 'P19';
  rounds: number;
  systemjsMs: number;
  esmMs: number;
  /** Every cold mount, in round order (ms). */
  samples: { systemjs: number[]; esm: number[] };
  /** Paired SystemJS ÷ ESM per round. */
  ratio: Verdict;
  verdict: VerdictWord;
}

/** A bundle folder as the zip the app store takes. */
function zipOf(folder: string): Uint8Array<ArrayBuffer> {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(folder, full).split(path.sep).join('/')] = readFileSync(full);
    }
  };
  walk(folder);
  return new Uint8Array(zipSync(files));
}

/** Upload as dev01, submit, approve as rev01 for everyone: the route any outside team's bundle takes. */
async function publish(baseURL: string, folder: string): Promise<void> {
  const [dev, rev] = await Promise.all([loginCookie(baseURL, 'dev01'), loginCookie(baseURL, 'rev01')]);
  const call = async (cookie: { name: string; value: string }, method: string, url: string, body?: Uint8Array<ArrayBuffer> | string, type?: string): Promise<Response> => {
    const res = await fetch(`${baseURL}${url}`, {
      method,
      headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-workbench-request': '1', origin: baseURL, ...(type ? { 'content-type': type } : {}) },
      ...(body === undefined ? {} : { body }),
    });
    if (!res.ok) throw new Error(`P19: ${method} ${url} → ${res.status} ${await res.text()}`);
    return res;
  };
  const uploaded = (await (await call(dev, 'POST', `${STORE}/versions`, zipOf(folder), 'application/zip')).json()) as { appId: string; version: string };
  const base = `${STORE}/apps/${uploaded.appId}/versions/${uploaded.version}`;
  await call(dev, 'POST', `${base}/submit`);
  await call(rev, 'POST', `${base}/approve`, JSON.stringify({ release: 'current' }), 'application/json');
}

/** One cold mount: a fresh context on the home page, then a click on the side's menu entry. */
async function coldMount(browser: Browser, baseURL: string, cookie: { name: string; value: string }, side: Side): Promise<number> {
  const { menu, marker } = SIDES[side];
  const context = await browser.newContext();
  try {
    await context.addCookies([{ ...cookie, url: baseURL }]);
    const page = await context.newPage();
    await page.addInitScript(OBSERVER);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${baseURL}/`);
    const item = page.getByTestId('wb-side-menu').getByText(menu, { exact: true });
    await item.waitFor({ timeout: 60_000 });
    // Let the first load settle before the click: with a fixed 500 ms wait, half the rounds of both sides (at CPU ×4)
    // still overlapped the home page's late work (widgets, feed, push stream) and took ~2× as long (2026-12-06,
    // 25 rounds: samples of each side split into ~400 ms and ~900 ms groups). No request in flight for 500 ms, then
    // two idle callbacks of the page's main thread. (Not Playwright's `networkidle`: the shell's push stream is a
    // request that stays open.)
    await page.evaluate(async () => {
      // (No named functions in here: tsx's keepNames would reference a helper the page does not have.)
      for (let seen = -1, quietSince = performance.now(); performance.now() - quietSince < 500; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const now = performance.getEntriesByType('resource').length;
        if (now !== seen) [seen, quietSince] = [now, performance.now()];
      }
      await new Promise<void>((resolve) => requestIdleCallback(() => requestIdleCallback(() => resolve(), { timeout: 5_000 }), { timeout: 5_000 }));
    });
    await page.evaluate((m) => Object.assign((window as unknown as { __p19: object }).__p19, { target: m }), marker);
    await item.click();
    await page.waitForFunction(() => (window as unknown as { __p19: { doneAt: number } }).__p19.doneAt > 0, null, { timeout: 60_000 });
    const s = await page.evaluate(() => (window as unknown as { __p19: { clickAt: number; doneAt: number } }).__p19);
    // Both sides must have mounted the same app on the page's React: the chunk's label and React 19.
    const text = (await page.locator(marker).textContent()) ?? '';
    if (!text.includes('共享 React 实例 · React 19')) throw new Error(`P19: ${side} mounted without the shared React or its chunk: ${text}`);
    const system = await page.evaluate(() => typeof (window as unknown as { System?: unknown }).System);
    if ((system === 'object') !== (side === 'systemjs')) throw new Error(`P19: SystemJS ${system === 'object' ? 'loaded' : 'not loaded'} for the ${side} app`);
    return s.doneAt - s.clickAt;
  } finally {
    await context.close();
  }
}

export async function run(options: { rounds?: number; port?: number } = {}): Promise<P19Result> {
  const rounds = options.rounds ?? 25; // 9 rounds left p25–p75 0.77–1.29 on a quiet machine: too wide to judge a 1.2× bar
  const server = await startBenchServer(options.port ?? 8097, { DATA_DIR: path.join(ROOT, '.data-bench-p19') });
  const browser = await launchChromium();
  try {
    await publish(server.baseURL, SIDES.systemjs.folder);
    await publish(server.baseURL, SIDES.esm.folder);
    const cookie = await loginCookie(server.baseURL, USER);
    const samples: Record<Side, number[]> = { systemjs: [], esm: [] };
    for (let r = 0; r < rounds; r++) {
      // Alternate which side goes first so that machine load and warm OS caches hit both alike.
      for (const side of r % 2 === 0 ? (['systemjs', 'esm'] as const) : (['esm', 'systemjs'] as const)) {
        samples[side].push(await coldMount(browser, server.baseURL, cookie, side));
      }
    }
    const ratio = verdictOf(samples.systemjs.map((ms, i) => ms / (samples.esm[i] as number)), BAR);
    return { id: 'P19', rounds, systemjsMs: median(samples.systemjs), esmMs: median(samples.esm), samples, ratio, verdict: ratio.verdict };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function describeP19(r: P19Result): string {
  return `cold mount SystemJS ${fmt(r.systemjsMs)} ms vs ESM ${fmt(r.esmMs)} ms (medians), paired SystemJS ÷ ESM **${describe(r.ratio)}**`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const short = process.argv.includes('--short') ? P19_SHORT : {};
  const result = await run({ ...short, ...definedOnly({ rounds: argument('rounds'), port: argument('port') }) });
  console.log(JSON.stringify(result, null, 2));
  console.log(`P19 SystemJS app's cold mount vs its ES module twin (CPU x4): ${describeP19(result)} — ${result.verdict}`);
}
