/** The props a consumer passes to a part: plain JSON-like data, checked by the provider against its schema. */
export type PartProps = Record<string, unknown>;

/** Why a part cannot be shown to this viewer; the shell decides before any provider code is requested. */
export type PartUnavailableReason = 'forbidden' | 'channel' | 'missing';

/** What the shell knows about one part for the current viewer (ADR 0030), without loading the provider. */
export type PartAvailability =
  | { status: 'available'; app: string; part: string; title: string; major: number }
  | { status: PartUnavailableReason; app: string; part: string; title: string; /** Chinese, shown as is. */ message: string };

/** A mounted part; `update` re-renders it with new props (a parcel update), `unmount` never rejects. */
export interface MountedPart {
  update(props: PartProps): Promise<void>;
  unmount(): Promise<void>;
}

/**
 * What the shell gives each instance as `WorkbenchProps.parts` (ADR 0030): the SDK assembles parts through it
 * and never learns about import maps, integrity or other apps' permissions.
 */
export interface PartsCapability {
  describe(app: string, part: string): PartAvailability;
  /**
   * Loads the provider's entry module through the page's import map (with integrity) on first use, and mounts
   * `parts[part]` into `domElement` with `props`. Rejects with {@link PartUnavailableError} — without requesting
   * any provider code — when `describe` says the part is not available, and with the load or mount error
   * otherwise (reported to the shell once).
   */
  mount(app: string, part: string, domElement: HTMLElement, props: PartProps): Promise<MountedPart>;
}

/** Thrown by `PartsCapability.mount` for a part the viewer may not see here; carries the placeholder text. */
export class PartUnavailableError extends Error {
  readonly availability: Extract<PartAvailability, { message: string }>;

  constructor(availability: Extract<PartAvailability, { message: string }>) {
    super(availability.message);
    this.name = 'PartUnavailableError';
    this.availability = availability;
  }
}

/** The placeholder texts, one place for the shell and the SDK's fallbacks. */
export const partMessages = {
  forbidden: (title: string): string => `无权查看：${title}`,
  channel: (title: string): string => `当前渠道不支持：${title}`,
  missing: (title: string): string => `部件不存在或未发布：${title}`,
  noHost: '当前环境不支持界面部件',
  failed: (title: string): string => `部件「${title}」加载失败`,
  invalidProps: (title: string): string => `部件「${title}」收到的参数无效`,
  retry: '重试',
} as const;
