import type { PlatformSnapshot } from './platform.ts';

export interface WorkbenchAppOptions {
  /**
   * The platform to build against: a path (relative to the project root) of a JSON file holding the platform
   * descriptor (`curl … /api/registry/platform > platform.json`), or the descriptor itself. Default: the snapshot
   * of the platform this plugin was packed with (`@wb/vite-plugin/platform.json`).
   */
  platform?: string | PlatformSnapshot;
  /** The module exporting bootstrap/mount/unmount. Default: the first of src/main.tsx, .ts, .jsx, .js. */
  entry?: string;
  /** The source manifest, relative to the project root. Default `manifest.json`. */
  manifest?: string;
}
