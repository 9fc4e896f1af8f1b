// docs/quality.md P1: cold load to the first micro-app mounted (Chromium, CPU ×4 throttle), the workbench shell
// against a bare single-spa root with the same shared deps and the same micro-app. Also LCP and CLS.
// Run: npx tsx bench/p1-cold-load.ts [--rounds 7] [--port 8095] (needs `npm run build`). Prints the ratio; target ≤ 1.25×,
// LCP ≤ 2500 ms, CLS ≤ 0.1. The ratio and LCP are judged from their per-round spreads (bench/lib/verdict.ts).
// With --port the run gets its own data folder (.data-bench-<port>), so it can run beside another benchmark.
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { bareRootHtml, launchChromium } from './lib/browser.ts';
import { loginCookie, startBenchServer } from './lib/server.ts';
import { fmt, median } from './lib/stats.ts';
import { combine, describe, verdictOf } from './lib/verdict.ts';
import type { Verdict, VerdictWord } from './lib/verdict.ts';
import { argument } from './lib/args.ts';

/** Marks the moment the customer-archive search box appears, plus LCP and CLS. */
const OBSERVER = `
  window.__bench = { mountedAt: 0, lcp: 0, cls: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
  new MutationObserver((_, obs) => {
    if (document.querySelector('input[placeholder*="户号"]')) { window.__bench.mountedAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
`;

interface Sample {
  mountedAt: number;
  lcp: number;
  cls: number;
}

async function coldLoad(browser: Browser, baseURL: string, cookie: { name: string; value: string }, url: string, bare?: string): Promise<Sample> {
  const context = await browser.newContext();
  await context.addCookies([{ ...cookie, url: baseURL }]);
  const page: Page = await context.newPage();
  await page.addInitScript(OBSERVER);
  if (bare) await page.route(`${baseURL}/__bench/bare**`, (r) => r.fulfill({ contentType: 'text/html', body: bare }));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __bench: Sample }).__bench.mountedAt > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  const sample = await page.evaluate(() => (window as unknown as { __bench: Sample }).__bench);
  await context.close();
  return sample;
}

export interface P1Result {
  shellMs: number;
  bareMs: number;
  ratio: number;
  lcpMs: number;
  cls: number;
  /** The per-round (paired) shell ÷ bare ratios against the bar (≤ 1.25×): how much of the verdict is machine noise. */
  spread: Verdict;
  /** The shell's per-round LCP against the bar (≤ 2500 ms). */
  lcp: Verdict;
  /** meets only when the ratio's and LCP's spreads meet and no round shifted the layout beyond 0.1. */
  verdict: VerdictWord;
}

export const P1_RATIO_BAR = { op: '≤', value: 1.25 } as const;
export const P1_LCP_BAR = { op: '≤', value: 2500, unit: ' ms' } as const;
const P1_CLS_MAX = 0.1;

/** The row's figures: medians, the paired ratio's and LCP's spreads with their verdicts, and the worst CLS. */
export function describeP1(r: P1Result): string {
  return `shell ${fmt(r.shellMs)} ms vs bare ${fmt(r.bareMs)} ms, per-round ratio **${describe(r.spread)}**; LCP ${describe(r.lcp, 0)}; CLS ${fmt(r.cls, 3)} (target ≤ ${P1_CLS_MAX})`;
}

/** `where`: the bench server's port and data folder (two benchmarks at once must not share them). */
export async function run(rounds = 7, where: { port?: number; dataDir?: string } = {}): Promise<P1Result> {
  const server = await startBenchServer(where.port ?? 8095, where.dataDir ? { DATA_DIR: where.dataDir } : {});
  const browser = await launchChromium();
  try {
    const cookie = await loginCookie(server.baseURL, 'kf01');
    const feedRes = await fetch(`${server.baseURL}/api/registry/feed`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    const feed = (await feedRes.json()) as { importMap: unknown; user: unknown; apps: Array<{ id: string; specifier: string }> };
    const app = feed.apps.find((a) => a.id === 'customer-archive');
    if (!app) throw new Error('customer-archive is not in the feed');
    const bare = bareRootHtml(feed.importMap, { specifier: app.specifier, route: '/__bench/bare' }, feed.user, {
      customer: '/api/svc/customer/v1',
    });
    const shell: Sample[] = [];
    const peer: Sample[] = [];
    // Interleave the two so that machine noise hits both alike.
    for (let i = 0; i < rounds; i++) {
      shell.push(await coldLoad(browser, server.baseURL, cookie, `${server.baseURL}/app/customer-archive`));
      peer.push(await coldLoad(browser, server.baseURL, cookie, `${server.baseURL}/__bench/bare`, bare));
    }
    const shellMs = median(shell.map((s) => s.mountedAt));
    const bareMs = median(peer.map((s) => s.mountedAt));
    const paired = shell.map((s, i) => s.mountedAt / (peer[i] as Sample).mountedAt);
    const spread = verdictOf(paired, P1_RATIO_BAR);
    const lcp = verdictOf(shell.map((s) => s.lcp), P1_LCP_BAR);
    const cls = Math.max(...shell.map((s) => s.cls));
    return {
      shellMs,
      bareMs,
      ratio: shellMs / bareMs,
      spread,
      lcp,
      lcpMs: median(shell.map((s) => s.lcp)),
      cls,
      verdict: cls > P1_CLS_MAX ? 'misses' : combine([spread, lcp]),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = argument('port');
  const where = port === undefined ? {} : { port, dataDir: path.resolve(import.meta.dirname, '..', `.data-bench-${port}`) };
  const r = await run(argument('rounds') ?? 7, where);
  console.log(`P1 cold load to first micro-app (CPU ×4): ${describeP1(r)} — ${r.verdict}`);
}
