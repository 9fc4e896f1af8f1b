/**
 * How every browser run of this repository starts Debian's Chromium (browser tests, benchmarks, the shared-deps
 * runtime test). We never download browsers; CHROMIUM_PATH overrides the path. Without the background-networking
 * flags Chromium keeps dialling out, and this machine's closed network refuses it.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
