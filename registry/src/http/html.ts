import type { Feed } from '@wb/contracts';
import { cspSha256Source } from '../hashing.ts';

export const PRODUCT_TITLE = '电力营销全业务集约管控平台';

/**
 * JSON safe to place inside a `<script>` element: `<` (and `>`, `&`, U+2028/2029) become \uXXXX
 * escapes, so no string in the data can close the element (`</script>`) or open a comment. Still valid JSON.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A loading indicator that needs no script: shown until the shell mounts into #wb-root and replaces it. */
const LOADING_CSS = [
  'html,body{margin:0;height:100%}',
  'body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1f1f1f;background:#f5f5f5}',
  '.wb-loading{display:flex;flex-direction:column;align-items:center;justify-content:center;height:100vh;gap:16px;font-size:14px;color:#595959}',
  '.wb-loading::before{content:"";width:32px;height:32px;border:3px solid #d9d9d9;border-top-color:#1677ff;border-radius:50%;animation:wb-spin 0.8s linear infinite}',
  '@keyframes wb-spin{to{transform:rotate(360deg)}}',
  '@media (prefers-reduced-motion:reduce){.wb-loading::before{animation:none}}',
].join('');

export interface ShellPage {
  html: string;
  /**
   * CSP source expressions for the inline elements of this page. Chromium applies `script-src` to an
   * inline `<script type="importmap">` (WICG/import-maps#105; WPT import-maps/csp/hash.html), so the
   * security headers must add `scriptHashes` to `script-src`. The `application/json` feed block is a
   * data block that never runs and needs nothing. (The `<style>` needs no hash: style-src allows
   * 'unsafe-inline' for antd's CSS-in-JS.)
   */
  scriptHashes: string[];
  /** `scriptHashes` plus `'nonce-…'` when a nonce was given: everything `script-src` must add. */
  scriptSources: string[];
}

export interface ShellPageInput {
  feed: Feed;
  shellEntry: { url: string; integrity: string };
  /**
   * Per-response CSP nonce (base64). After a post switch the shell adds a second
   * `<script type="importmap">` holding only the newly allowed apps (Chromium ≥ 133 merges import maps);
   * that element is inline, so it needs this nonce: `<meta name="wb-csp-nonce">` hands it to the shell and
   * the CSP carries `'nonce-…'` (see `ShellPage.scriptSources`).
   */
  nonce?: string;
  /** The shell's own load timeout for a micro-app bundle, in ms; default: the shell's (10 s). */
  loadTimeoutMs?: number;
}

export const CSP_NONCE_META = 'wb-csp-nonce';

/** The one HTML document of the workbench: import map + inlined feed + the shell's entry module. */
export function renderShellPage({ feed, shellEntry, nonce, loadTimeoutMs }: ShellPageInput): ShellPage {
  const importMap = jsonForScript(feed.importMap);
  const scriptHashes = [cspSha256Source(importMap)];
  const html = [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${PRODUCT_TITLE}</title>`,
    ...(nonce ? [`<meta name="${CSP_NONCE_META}" content="${escapeAttr(nonce)}">`] : []),
    `<style>${LOADING_CSS}</style>`,
    `<script type="importmap">${importMap}</script>`,
    `<script id="wb-feed" type="application/json"${loadTimeoutMs ? ` data-load-timeout-ms="${Math.round(loadTimeoutMs)}"` : ''}>${jsonForScript(feed)}</script>`,
    `<script type="module" src="${escapeAttr(shellEntry.url)}" integrity="${escapeAttr(shellEntry.integrity)}" crossorigin="anonymous"></script>`,
    '</head>',
    '<body>',
    '<div id="wb-root"><div class="wb-loading" role="status" aria-live="polite">正在加载工作台…</div></div>',
    '<noscript>请启用 JavaScript 后使用本平台。</noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { html, scriptHashes, scriptSources: nonce ? [...scriptHashes, `'nonce-${nonce}'`] : scriptHashes };
}
