/**
 * `npm run publish-app -- <app folder | dist folder | bundle.zip> [--server URL] [--user NAME] [--password PW] [--submit]`
 *
 * Publishes a micro-app through the app store's HTTP API (the same pipeline as start-up publishing and the
 * upload page): signs in, zips the bundle (an app folder's `dist/`, or a folder holding manifest.json),
 * POSTs it to `/api/svc/appstore/v1/versions` and, with --submit, submits the new version for review.
 * Server and credentials also come from WB_SERVER, WB_USER and WB_PASSWORD. Exit code 0 on success,
 * 1 when the server refuses (its Chinese reason is printed), 2 on bad usage.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { CSRF_HEADER, SESSION_COOKIE } from '@wb/contracts';
import { publishResponseSchema } from '@wb/contracts/appstore';
import type { PublishResponse } from '@wb/contracts/appstore';
import { MANIFEST_FILE, readBundleDir } from '../publish/bundle.ts';

export const APPSTORE_BASE = '/api/svc/appstore/v1';

export interface PublishCliOptions {
  target: string;
  server: string;
  user: string;
  password: string;
  submit: boolean;
}

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** The archive to upload: a .zip as is; a folder (app folder with dist/, or a bundle folder) zipped. */
export async function archiveOf(target: string): Promise<Uint8Array> {
  const path = resolve(target);
  if (path.toLowerCase().endsWith('.zip') && (await isFile(path))) return new Uint8Array(await readFile(path));
  let dir: string | null = null;
  if (await isFile(join(path, 'dist', MANIFEST_FILE))) dir = join(path, 'dist');
  else if (await isFile(join(path, MANIFEST_FILE))) dir = path;
  if (!dir) {
    throw new CliError(`在 ${path} 中找不到 manifest.json（也没有 dist/manifest.json）。请先构建应用，或指定 dist 目录或 .zip 文件`, 2);
  }
  const files = await readBundleDir(dir);
  return zipSync(Object.fromEntries(files), { level: 9 });
}

interface ApiError {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

async function refusal(response: Response, what: string): Promise<CliError> {
  const text = await response.text();
  let body: ApiError = {};
  try {
    body = JSON.parse(text) as ApiError;
  } catch {
    // not JSON: report the status only
  }
  const fields = body.error?.fields ? Object.entries(body.error.fields).map(([k, v]) => `\n  - ${k}：${v}`).join('') : '';
  return new CliError(`${what}失败（HTTP ${response.status}）：${body.error?.message ?? (text.slice(0, 200) || response.statusText)}${fields}`, 1);
}

async function login(server: string, user: string, password: string): Promise<string> {
  const response = await fetch(`${server}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify({ username: user, password }),
  });
  if (!response.ok) throw await refusal(response, '登录');
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new CliError('登录失败：服务器没有返回会话', 1);
  return cookie.split(';')[0] ?? '';
}

export async function publishApp(options: PublishCliOptions, out: CliOutput): Promise<PublishResponse> {
  const server = options.server.replace(/\/+$/, '');
  const archive = await archiveOf(options.target);
  const cookie = await login(server, options.user, options.password);
  const headers = { cookie, [CSRF_HEADER]: '1' };
  const response = await fetch(`${server}${APPSTORE_BASE}/versions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/zip' },
    body: Buffer.from(archive),
  });
  if (!response.ok) throw await refusal(response, '上传');
  const result = publishResponseSchema.parse(await response.json());
  out.log(
    `${result.created ? '已上传' : '内容相同，已存在'}：${result.appId}@${result.version}（${result.status}，${result.files.length} 个文件，摘要 ${result.digest.slice(0, 16)}）`,
  );
  // Accepted, but worth knowing: closed access, undeclared shared ranges, a format the shell does not run yet.
  for (const warning of result.warnings) out.log(`注意：${warning.message}`);
  if (options.submit && result.status === 'DRAFT') {
    const url = `${server}${APPSTORE_BASE}/apps/${encodeURIComponent(result.appId)}/versions/${encodeURIComponent(result.version)}/submit`;
    const submitted = await fetch(url, { method: 'POST', headers });
    if (!submitted.ok) throw await refusal(submitted, '提交审核');
    out.log(`已提交审核：${result.appId}@${result.version}，等待另一位审核员审核`);
    return { ...result, status: 'IN_REVIEW' };
  }
  return result;
}

const USAGE = 'usage: npm run publish-app -- <app folder | dist folder | bundle.zip> [--server URL] [--user NAME] [--password PW] [--submit]';

export function parseCli(argv: readonly string[], env: Record<string, string | undefined>): PublishCliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      submit: { type: 'boolean', default: false },
    },
  });
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new CliError(USAGE, 2);
  const user = values.user ?? env.WB_USER;
  const password = values.password ?? env.WB_PASSWORD;
  if (!user || !password) throw new CliError(`缺少账号或密码：使用 --user/--password 或环境变量 WB_USER/WB_PASSWORD\n${USAGE}`, 2);
  return { target, server: values.server ?? env.WB_SERVER ?? 'http://localhost:8080', user, password, submit: values.submit };
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>, out: CliOutput): Promise<number> {
  try {
    await publishApp(parseCli(argv, env), out);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      out.error(error.message);
      return error.exitCode;
    }
    out.error(`发布失败：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2), process.env, { log: console.log, error: console.error });
}
