import semver from 'semver';
import { ErrorCode } from '@wb/contracts';
import type { Manifest, ModuleFormat } from '@wb/contracts';
import type { PublishWarning } from '@wb/contracts/appstore';
import { AppError } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';
import { sha256Hex, sri384, versionDigest } from '../hashing.ts';
import { contentTypeFor } from '../http/content-type.ts';
import { findVersionState, recordEvent } from '../catalogue/queries.ts';
import type { VersionStatus } from '../catalogue/queries.ts';
import {
  currentVersionOf,
  ensureApp,
  insertDeclaredPermissions,
  insertVersionFiles,
  insertVersionIfAbsent,
  setCurrentVersion,
  storeBlobs,
} from '../catalogue/write.ts';
import type { PreparedFile } from '../catalogue/write.ts';
import { assertSafePaths } from './bundle.ts';
import type { BundleFiles } from './bundle.ts';
import {
  checkAppRules,
  checkEntry,
  checkFileTypes,
  checkServices,
  checkSharedRanges,
  checkSizeBudget,
  parseManifest,
} from './checks.ts';
import type { PlatformService, SizeBudget } from './checks.ts';
import { RUNNABLE_FORMATS, checkModules, notRunnable } from './module-checks.ts';
import { prepareStyles } from './styles.ts';
import { checkUsedParts, findPartBreaks, partBreaksError } from './parts-check.ts';
import type { PartBreak } from './parts-check.ts';
import { publishWarnings } from './warnings.ts';

export interface PublisherDeps {
  db: Db;
  /** Versions of the shared dependencies the platform serves (shared-deps.json `versions`). */
  platformVersions: Readonly<Record<string, string>>;
  /** Specifiers the platform shares (the keys of its import map): the only bare imports a bundle may have. */
  sharedSpecifiers: ReadonlySet<string>;
  /** Backend services and their majors that apps may declare. */
  services: readonly PlatformService[];
  sizeBudget?: SizeBudget;
  /** Called after a commit that changed what feeds serve (new current version). */
  onCatalogueChanged?: (appId: string) => void;
}

export interface PublishInput {
  /** Bundle-relative path → bytes; must include manifest.json. */
  files: BundleFiles;
  /** Who publishes (user name, or 'system' for first-start bootstrap); recorded in the audit. */
  actor: string;
  /** Skip review: the version becomes PUBLISHED and, unless older than the current one, current. */
  autoApprove?: boolean;
  /**
   * A reviewer's explicit override (ADR 0030): publish although the version breaks parts that current consumers
   * use. The caller checks that the actor is a reviewer; the breaks and the reason are recorded in the audit.
   */
  partsOverride?: { reason: string };
}

export interface PublishResult {
  /** False when the same version with identical content already existed (idempotent republish). */
  created: boolean;
  appId: string;
  version: string;
  digest: string;
  status: VersionStatus;
  /** Whether this version is now the app's current version. */
  current: boolean;
  /** Module format of the entry (ESM or SystemJS), recorded on the version. */
  format: ModuleFormat;
  /** What the uploader should know (closed access, undeclared shared ranges, a format that does not run yet). */
  warnings: PublishWarning[];
  /** Consumers' parts this version breaks, published anyway under a reviewer's override (ADR 0030). */
  partBreaks?: PartBreak[];
  files: Array<{ path: string; integrity: string; size: number }>;
}

/** What validation learnt about a bundle. */
interface Validated {
  manifest: Manifest;
  format: ModuleFormat;
  warnings: PublishWarning[];
  /** The files to store: the upload, with its stylesheets scoped when the manifest asks for it (ADR 0041). */
  files: BundleFiles;
}

export interface Publisher {
  publish(input: PublishInput): Promise<PublishResult>;
}

function conflict(version: string): AppError {
  return new AppError(409, ErrorCode.Conflict, `版本 ${version} 已发布且内容不同，请提升版本号`, {
    version: '同一版本号的内容不可更改',
  });
}

function prepareFiles(files: BundleFiles): PreparedFile[] {
  return [...files].map(([path, bytes]) => ({
    path,
    bytes,
    hash: sha256Hex(bytes),
    integrity: sri384(bytes),
    size: bytes.byteLength,
    contentType: contentTypeFor(path),
  }));
}

export function createPublisher(deps: PublisherDeps): Publisher {
  async function validate(files: BundleFiles, autoApprove: boolean): Promise<Validated> {
    assertSafePaths(files);
    checkFileTypes(files);
    checkSizeBudget(files, deps.sizeBudget);
    const manifest = parseManifest(files);
    checkAppRules(manifest);
    checkEntry(manifest, files);
    checkSharedRanges(manifest, deps.platformVersions);
    checkServices(manifest, deps.services);
    const { format, sharedPackagesUsed } = await checkModules(manifest, files, deps.sharedSpecifiers);
    // Publishing without review makes the version current at once: only in a format the shell runs.
    if (autoApprove && !RUNNABLE_FORMATS.has(format)) throw notRunnable(format);
    const styles = prepareStyles(manifest, files);
    const warnings = publishWarnings({ manifest, format, sharedPackagesUsed, platformVersions: deps.platformVersions, globalStylesheets: styles.globalStylesheets });
    return { manifest, format, warnings, files: styles.files };
  }

  async function existingResult(q: Queryable, v: Validated, digest: string, prepared: PreparedFile[]): Promise<PublishResult | null> {
    const m = v.manifest;
    const existing = await findVersionState(q, m.id, m.version);
    if (!existing) return null;
    if (existing.digest !== digest) throw conflict(m.version);
    return { created: false, appId: m.id, version: m.version, digest, status: existing.status, current: existing.current, format: v.format, warnings: v.warnings, files: fileSummaries(prepared) };
  }

  async function write(tx: Queryable, v: Validated, digest: string, prepared: PreparedFile[], input: PublishInput, breaks: PartBreak[]): Promise<PublishResult> {
    const m = v.manifest;
    const status: VersionStatus = input.autoApprove ? 'PUBLISHED' : 'DRAFT';
    const sizeTotal = prepared.reduce((n, f) => n + f.size, 0);
    await ensureApp(tx, m);
    const reviewedBy = input.autoApprove ? input.actor : null;
    if (!(await insertVersionIfAbsent(tx, { manifest: m, digest, status, actor: input.actor, reviewedBy, sizeTotal, format: v.format }))) {
      // Lost a race with a concurrent publish of the same version: idempotent or conflict.
      const result = await existingResult(tx, v, digest, prepared);
      if (result) return result;
    }
    await storeBlobs(tx, prepared);
    await insertVersionFiles(tx, m, prepared);
    await insertDeclaredPermissions(tx, m);
    const current = input.autoApprove === true && (await becomesCurrent(tx, m));
    if (current) await setCurrentVersion(tx, m);
    const warnings = v.warnings.map((w) => w.code);
    await recordEvent(tx, { actor: input.actor, action: 'publish', appId: m.id, version: m.version, detail: { digest, status, current, sizeTotal, format: v.format, warnings } });
    if (breaks.length > 0) {
      await recordEvent(tx, { actor: input.actor, action: 'parts-override', appId: m.id, version: m.version, detail: { reason: input.partsOverride?.reason ?? '', breaks } });
    }
    return { created: true, appId: m.id, version: m.version, digest, status, current, format: v.format, warnings: v.warnings, files: fileSummaries(prepared), ...(breaks.length > 0 ? { partBreaks: breaks } : {}) };
  }

  async function refused(actor: string, files: BundleFiles, error: AppError): Promise<void> {
    const id = tryManifestField(files, 'id');
    const version = tryManifestField(files, 'version');
    await recordEvent(deps.db, { actor, action: 'publish-refused', appId: id, version, detail: { code: error.code, message: error.message } });
  }

  async function publishValid(input: PublishInput): Promise<PublishResult> {
    const validated = await validate(input.files, input.autoApprove === true);
    const prepared = prepareFiles(validated.files);
    const digest = versionDigest(prepared);
    const fast = await existingResult(deps.db, validated, digest, prepared);
    if (fast) return fast;
    // 界面部件 (ADR 0030): what it uses must exist; what it exposes must not break current consumers.
    await checkUsedParts(deps.db, validated.manifest);
    const breaks = await findPartBreaks(deps.db, validated.manifest);
    if (breaks.length > 0 && !input.partsOverride) throw partBreaksError(validated.manifest, breaks);
    const result = await deps.db.transaction((tx) => write(tx, validated, digest, prepared, input, breaks));
    if (result.created && result.current) deps.onCatalogueChanged?.(result.appId);
    return result;
  }

  return {
    async publish(input) {
      try {
        return await publishValid(input);
      } catch (error) {
        // Refusals (4xx) are audited too: who tried to publish what, and why it was refused.
        // A failing audit write must not hide the refusal's reason from the publisher.
        if (error instanceof AppError && error.statusCode < 500) await refused(input.actor, input.files, error).catch(() => undefined);
        throw error;
      }
    },
  };
}

/** First-start and CI publishing never downgrade: an older version is stored but does not become current. */
async function becomesCurrent(tx: Queryable, m: Manifest): Promise<boolean> {
  const current = await currentVersionOf(tx, m.id);
  return current === null || semver.gt(m.version, current);
}

function fileSummaries(prepared: PreparedFile[]): PublishResult['files'] {
  return prepared.map((f) => ({ path: f.path, integrity: f.integrity, size: f.size })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Best-effort read of a manifest field for the audit of a refused publish (the manifest may be invalid). */
function tryManifestField(files: BundleFiles, field: 'id' | 'version'): string | null {
  try {
    const bytes = files.get('manifest.json');
    const json: unknown = bytes ? JSON.parse(new TextDecoder().decode(bytes)) : null;
    const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[field] : null;
    return typeof value === 'string' ? value.slice(0, 64) : null;
  } catch {
    return null;
  }
}
