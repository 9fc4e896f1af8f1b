import semver from 'semver';
import { z } from 'zod';
import { ErrorCode, isUnderAppRoot, manifestSchema } from '@wb/contracts';
import type { Manifest } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import { isUploadable } from '../http/content-type.ts';
import { MANIFEST_FILE } from './bundle.ts';
import type { BundleFiles } from './bundle.ts';

/** A backend service the platform serves, by name and major version (`/api/svc/<name>/v<major>`). */
export interface PlatformService {
  name: string;
  major: number;
}

/**
 * Size budget of one version, in bytes. Defaults: 2 MiB of JavaScript in total (a micro-app shares
 * React/antd and should be far below), 1 MiB for any single file, 8 MiB for all files (images, maps).
 */
export interface SizeBudget {
  totalJsBytes?: number;
  fileBytes?: number;
  totalBytes?: number;
}

export const DEFAULT_SIZE_BUDGET: Required<SizeBudget> = {
  totalJsBytes: 2 * 1024 * 1024,
  fileBytes: 1024 * 1024,
  totalBytes: 8 * 1024 * 1024,
};

const zhCN = z.locales.zhCN();

function refuse(message: string, fields?: Record<string, string>): AppError {
  return new AppError(400, ErrorCode.BadRequest, message, fields);
}

/**
 * A bundle holds only what a micro-app needs to run: JavaScript, CSS, JSON, source maps, images and fonts.
 * Never HTML: a page of its own on the product's origin would run its scripts with the viewer's session
 * (issue 9 item 1, ADR 0016).
 */
export function checkFileTypes(files: BundleFiles): void {
  const refused = [...files.keys()].filter((path) => !isUploadable(path));
  if (refused.length === 0) return;
  const listed = refused.slice(0, 5).join('、') + (refused.length > 5 ? ` 等 ${refused.length} 个文件` : '');
  throw refuse(`应用包中有不允许的文件类型：${listed}。只接受 JavaScript、CSS、JSON、source map、图片和字体文件，不接受 HTML 页面`, {
    files: refused.join(', '),
  });
}

/** Parses manifest.json with the contracts schema; every refusal names the field in Chinese. */
export function parseManifest(files: BundleFiles): Manifest {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes) throw refuse('应用包中缺少 manifest.json', { [MANIFEST_FILE]: '缺少文件' });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw refuse('manifest.json 不是有效的 JSON', { [MANIFEST_FILE]: 'JSON 格式错误' });
  }
  const parsed = manifestSchema.safeParse(json, { error: zhCN.localeError });
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(根)';
    fields[key] ??= issue.message;
  }
  const [first, ...rest] = Object.entries(fields);
  const more = rest.length > 0 ? `（另有 ${rest.length} 处问题）` : '';
  throw refuse(`manifest.json 校验失败：字段 ${first?.[0]}：${first?.[1]}${more}`, fields);
}

/**
 * An app may only claim routes and menu paths under its own `/app/<id>` root, as canonical paths (the contract
 * refuses dot segments, encodings and backslashes; `isUnderAppRoot` checks again, issue 9 item 6).
 */
export function checkAppRules(manifest: Manifest): void {
  for (const route of manifest.routes) {
    if (!isUnderAppRoot(route, manifest.id)) {
      throw refuse(`路由 ${route} 不在应用自己的路径 /app/${manifest.id} 之下`, { routes: route });
    }
  }
  for (const menu of manifest.menus) {
    if (!isUnderAppRoot(menu.path, manifest.id)) {
      throw refuse(`菜单 ${menu.title} 的路径 ${menu.path} 不在 /app/${manifest.id} 之下`, { menus: menu.key });
    }
  }
}

/** The `shared` range to declare for a version the platform serves: `^<major>` (19.3.1 → `^19`), `^0.<minor>` below 1. */
export function compatibleRange(version: string): string {
  const parsed = semver.parse(version);
  if (!parsed) return version;
  return parsed.major === 0 ? `^0.${parsed.minor}` : `^${parsed.major}`;
}

/**
 * Every `shared` range must be satisfied by the version the platform serves (one React, one antd). Each
 * refusal says what to change (issue 11 item 3).
 */
export function checkSharedRanges(manifest: Manifest, platformVersions: Readonly<Record<string, string>>): void {
  for (const [name, range] of Object.entries(manifest.shared)) {
    const provided = platformVersions[name];
    const field = `shared.${name}`;
    if (provided === undefined) {
      throw refuse(`应用要求共享依赖 ${name} ${range}，平台未提供该依赖：请把 ${name} 打包进应用，并从 shared 中删除它`, { [field]: '平台未提供' });
    }
    if (semver.validRange(range) === null) {
      throw refuse(`共享依赖 ${name} 的版本范围 ${range} 无效：请写成 ${compatibleRange(provided)} 这样的范围`, { [field]: '版本范围无效' });
    }
    if (!semver.satisfies(provided, range)) {
      const major = semver.major(provided);
      throw refuse(
        `应用要求 ${name} ${range}，平台提供 ${provided}：请把 shared.${name} 改为 ${compatibleRange(provided)} 并用 ${name} ${major === 0 ? provided : major} 重新构建`,
        { [field]: `平台提供 ${provided}，请改为 ${compatibleRange(provided)}` },
      );
    }
  }
}

/** Each declared service must exist in a major version compatible with the declared range. */
export function checkServices(manifest: Manifest, services: readonly PlatformService[]): void {
  for (const declared of manifest.services) {
    const field = { [`services.${declared.name}`]: declared.version };
    const range = semver.validRange(declared.version);
    if (range === null) throw refuse(`服务 ${declared.name} 的版本范围 ${declared.version} 无效`, field);
    const majors = services.filter((s) => s.name === declared.name).map((s) => s.major);
    if (majors.length === 0) throw refuse(`应用声明的服务 ${declared.name} 在平台上不存在`, field);
    if (!majors.some((major) => semver.intersects(range, `${major}.x`))) {
      const provided = majors.map((m) => `v${m}`).join('、');
      throw refuse(`应用要求服务 ${declared.name} ${declared.version}，平台提供 ${provided}`, field);
    }
  }
}

export function checkEntry(manifest: Manifest, files: BundleFiles): void {
  if (!files.has(manifest.entry)) {
    throw refuse(`入口文件 ${manifest.entry} 不在应用包中`, { entry: '文件不存在' });
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

function tooLarge(message: string, field: string): AppError {
  return new AppError(413, ErrorCode.PayloadTooLarge, message, { [field]: message });
}

export function checkSizeBudget(files: BundleFiles, budget: SizeBudget = {}): void {
  const limits = { ...DEFAULT_SIZE_BUDGET, ...budget };
  let total = 0;
  let totalJs = 0;
  for (const [path, bytes] of files) {
    if (bytes.byteLength > limits.fileBytes) {
      const msg = `文件 ${path} 大小 ${formatBytes(bytes.byteLength)}，超过单个文件上限 ${formatBytes(limits.fileBytes)}`;
      throw tooLarge(msg, path);
    }
    total += bytes.byteLength;
    if (path.endsWith('.js') || path.endsWith('.mjs')) totalJs += bytes.byteLength;
  }
  if (totalJs > limits.totalJsBytes) {
    throw tooLarge(`JavaScript 总大小 ${formatBytes(totalJs)}，超过上限 ${formatBytes(limits.totalJsBytes)}`, 'files');
  }
  if (total > limits.totalBytes) {
    throw tooLarge(`应用包总大小 ${formatBytes(total)}，超过上限 ${formatBytes(limits.totalBytes)}`, 'files');
  }
}
