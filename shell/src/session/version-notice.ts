import type { FeedApp } from '@wb/contracts';

/** Versions the page runs: app id → the version its import-map entry loads (fixed for the page's life). */
export type RunningVersions = Map<string, string>;

export interface VersionNoticeInput {
  running: ReadonlyMap<string, string>;
  /** Apps of the new feed. */
  apps: readonly Pick<FeedApp, 'id' | 'version'>[];
  /** Whether the app is mounted now (on screen); only those get a notice. */
  isMounted(appId: string): boolean;
  /** Notices already raised: app id → version. */
  notified: Readonly<Record<string, string>>;
}

/**
 * Which mounted apps the new feed serves in another version than the one running (a publish, or a rollback:
 * both need a page load, which the user starts when their work is saved). One notice per app and version.
 */
export function newVersionNotices({ running, apps, isMounted, notified }: VersionNoticeInput): Record<string, string> {
  const notices: Record<string, string> = {};
  for (const app of apps) {
    const current = running.get(app.id);
    if (current === undefined || current === app.version) continue;
    if (!isMounted(app.id) || notified[app.id] === app.version) continue;
    notices[app.id] = app.version;
  }
  return notices;
}

/** The notice's text (issue 4: a quiet notice, never a reload). */
export function versionNoticeText(appName: string, version: string): string {
  return `应用「${appName}」已发布新版本 ${version}，保存当前工作后点击刷新即可使用`;
}
