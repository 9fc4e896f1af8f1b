import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import { ErrorCode } from '@wb/contracts';
import { IMPORT_SHEETS, importRequestSchema, startedImportJob } from '@wb/contracts/iam-admin';
import type { ImportJob } from '@wb/contracts/iam-admin';
import type { IamContext } from './context.ts';
import { checkWorkbook, lineCount, writeImport } from './import-check.ts';
import type { Workbook } from './import-check.ts';
import { apiError, badRequest, notFound, readJson } from './respond.ts';
import { passwordProblem } from './users.ts';
import { readXlsx } from './xlsx.ts';

const BUSY = '已有导入正在进行，请等它完成后再上传';
const GONE = '导入任务不存在或已过期';
const MAX_ISSUES = 500;
const MAX_LINES_PER_SHEET = 20_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class WorkbookError extends Error {}

/** The three sheets of the upload (a missing sheet is empty), refused with the service's words when it is no template. */
async function readWorkbook(content: string): Promise<Workbook> {
  let sheets;
  try {
    sheets = await readXlsx(Uint8Array.from(atob(content), (c) => c.charCodeAt(0)));
  } catch {
    throw new WorkbookError('无法读取文件，请上传由模板填写的 Excel（.xlsx）文件');
  }
  const names = Object.values(IMPORT_SHEETS);
  if (!names.some((name) => sheets.has(name))) throw new WorkbookError(`文件中没有“${names.join('”“')}”表，请使用下载的模板`);
  const lines = (name: string) => {
    const rows = (sheets.get(name) ?? []).filter((r) => r.row > 1);
    if (rows.length > MAX_LINES_PER_SHEET) throw new WorkbookError(`“${name}”表超过 ${MAX_LINES_PER_SHEET} 行，请分批导入`);
    return rows;
  };
  return { orgUnits: lines(IMPORT_SHEETS.orgUnits), users: lines(IMPORT_SHEETS.users), posts: lines(IMPORT_SHEETS.posts) };
}

/**
 * Bulk onboarding as services/src/iam/bulk-routes.ts: `POST /imports` answers 202 with the job at once (one at a
 * time, else 409), then reads, checks and writes the workbook in the background — all lines or none — while
 * `GET /imports/:id` shows the phase; with `delayMs` each phase takes that long, so the page's progress shows.
 */
export function importHandlers(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;

  const run = async (job: ImportJob, content: string, initialPassword: string): Promise<void> => {
    const started = Date.now();
    const end = (status: 'succeeded' | 'failed', change: Partial<ImportJob>): void => {
      Object.assign(job, change, { status, phase: 'done', finishedAt: new Date().toISOString(), elapsedMs: Date.now() - started });
      ctx.audit('iam.import', job.fileName, status === 'succeeded' ? 'success' : 'failure');
    };
    try {
      await ctx.wait();
      const book = await readWorkbook(content);
      Object.assign(job, { total: lineCount(book), phase: 'check' });
      if (job.total === 0) return end('failed', { issues: [{ sheet: '—', row: 0, message: '文件中没有可导入的行' }] });
      await ctx.wait();
      const { issues, checked } = checkWorkbook(data, book, { initialPassword, passwordProblem });
      if (issues.length > 0) return end('failed', { done: job.total, issues: issues.slice(0, MAX_ISSUES) });
      Object.assign(job, { phase: 'write', done: 0 });
      await ctx.wait();
      end('succeeded', { counts: writeImport(data, checked), done: job.total });
    } catch (error) {
      const message = error instanceof WorkbookError ? error.message : '导入失败，未写入任何数据：导入期间数据可能已被他人修改，请重新导入';
      end('failed', { issues: [{ sheet: '—', row: 0, message }] });
    }
  };

  return [
    http.post(`${base}/imports`, async ({ request }) => {
      await ctx.wait();
      const parsed = importRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      if (data.imports.some((j) => j.status === 'running')) return apiError(409, ErrorCode.Conflict, BUSY);
      const job = startedImportJob(crypto.randomUUID(), parsed.data.fileName, new Date());
      data.imports.push(job);
      const accepted = structuredClone(job);
      void run(job, parsed.data.content, parsed.data.initialPassword);
      return HttpResponse.json(accepted, { status: 202 });
    }),
    http.get(`${base}/imports/:id`, async ({ params }) => {
      await ctx.wait();
      const id = String(params['id']);
      const job = UUID.test(id) ? data.imports.find((j) => j.id === id) : undefined;
      return job ? HttpResponse.json(job) : notFound(GONE);
    }),
  ];
}
