import type { Rolldown } from 'vite';

type CodeSplitting = Exclude<Rolldown.OutputOptions['codeSplitting'], boolean | undefined>;
type Group = NonNullable<CodeSplitting['groups']>[number];

/** Packages that make up antd's internals (cssinjs, rc-components, helpers). */
const ANTD_INTERNALS =
  /[\\/]node_modules[\\/](antd|@rc-component|@ant-design|clsx|@babel[\\/]runtime|throttle-debounce|scroll-into-view-if-needed|compute-scroll-into-view)[\\/]/;

/**
 * A module used by at least this many entry chunks joins the one `antd-common` chunk. Measured on antd 6.6.8
 * (ADR 0002): React + a shell layout (9 components) came to 218 KiB gzip in 94 files with the automatic split,
 * 201 KiB in 37 files at 15, 224 KiB in 31 files at 10 (big modules join too early), 204 KiB in 46 files at 20.
 */
export const ANTD_COMMON_MIN_SHARE = 15;

/**
 * Manual chunk groups of the shared build. The automatic split alone makes one chunk per distinct set of entries
 * (170+ common chunks, half under 1 KiB gzip); the antd and React groups cut the request count of a typical page by half
 * and its bytes by about 8 %.
 */
export function sharedChunkGroups(): Group[] {
  return [
    // React, ReactDOM and the scheduler: every page loads all three, so one file.
    { name: 'react-runtime', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
    // zod and the contracts behind @wb/contracts and @wb/sdk: readable, separately cached files (the automatic
    // split would name the shared chunk after the directory, `src`).
    { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/, priority: 25 },
    // The core contracts only: the app-store, workflow, 业扩 and 系统管理-rollout contracts stay in their own
    // entries (`@wb/contracts/appstore` …), which the shell's first paint does not load (docs/quality.md P3).
    { name: 'wb-contracts-schemas', test: /[\\/]packages[\\/]contracts[\\/]src[\\/](?!(appstore|workflow|connection|iam-admin)\.ts)/, priority: 25 },
    // What nearly every antd component needs (ConfigProvider, theme, cssinjs, rc-util, motion...).
    { name: 'antd-common', test: ANTD_INTERNALS, minShareCount: ANTD_COMMON_MIN_SHARE, priority: 20 },
  ];
}
