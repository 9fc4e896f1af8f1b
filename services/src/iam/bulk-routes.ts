/**
 * Bulk onboarding and exports (issue 20, ADR 0058). An import is a job: `POST /imports` answers 202 with it at
 * once, then reads, checks and writes the workbook in the background; the 系统管理 page polls `GET /imports/:id`
 * for the phase and the lines done (progress for 5,000 lines). Nothing is written unless every line passes:
 * the write is one transaction. Jobs are kept in the database for an hour (import-jobs.ts, ADR 0070), so any
 * instance of a cluster answers the poll; the instance that accepted the upload runs the job.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { importRequestSchema, startedImportJob } from '@wb/contracts/iam-admin';
import type { ImportJob } from '@wb/contracts/iam-admin';
import { actorOf, conflict, idParams, isUuid, manage, notFound } from './common.ts';
import { MAX_ISSUES, WorkbookError, buildTemplate, checkWorkbook, lineCount, readWorkbook, writeImport } from './bulk-import.ts';
import { HEARTBEAT_MS, JobOrphanedError, failOrphanedJobs, insertJob, pruneJobs, readJob, recordSuccess, saveJob } from './import-jobs.ts';
import { listRoles } from './role-queries.ts';

export interface BulkRouteOptions {
  hashPassword: (password: string) => Promise<string>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** base64 of ~7.5 MB plus the JSON around it. */
const BODY_LIMIT = 10_500_000;
const BUSY = '已有导入正在进行，请等它完成后再上传';

function sendWorkbook(reply: FastifyReply, buffer: Buffer, asciiName: string, name: string): FastifyReply {
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .send(buffer);
}

const dateOf = (d: Date | null): string => (d ? d.toISOString().slice(0, 10) : '');

type LocalJob = ImportJob & { startedMs: number };

export function registerBulkRoutes(app: FastifyInstance, options: BulkRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  /** The jobs this instance runs, while they run: its own polls read them here (fresh); the others read the table. */
  const local = new Map<string, LocalJob>();
  const heartbeats = new Set<NodeJS.Timeout>();
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  // Embedded (PGlite): one process per data folder, so a job still "running" in the table died with the last one.
  app.addHook('onReady', async () => {
    if (app.db.kind === 'pglite') await failOrphanedJobs(app.db, app.now(), true);
  });
  app.addHook('onClose', async () => {
    for (const timer of heartbeats) clearInterval(timer);
  });

  const save = (job: LocalJob): Promise<boolean> =>
    saveJob(app.db, publicJob(job), app.now()).catch((err: unknown) => {
      app.log.warn({ err, job: job.id }, 'import job: progress not saved');
      return false;
    });

  const run = async (request: FastifyRequest, job: LocalJob, content: Buffer, initialPassword: string): Promise<void> => {
    const heartbeat = setInterval(() => void save(job), HEARTBEAT_MS);
    heartbeat.unref();
    heartbeats.add(heartbeat);
    const ended = (target: LocalJob, status: 'succeeded' | 'failed'): LocalJob =>
      Object.assign(target, { status, phase: 'done', finishedAt: app.now().toISOString(), elapsedMs: Date.now() - target.startedMs });
    const fail = async (): Promise<void> => {
      ended(job, 'failed');
      clearInterval(heartbeat);
      await save(job);
    };
    try {
      const book = await readWorkbook(content);
      job.total = lineCount(book);
      job.phase = 'check';
      if (job.total === 0) {
        job.issues = [{ sheet: '—', row: 0, message: '文件中没有可导入的行' }];
        await fail();
        return;
      }
      const { issues, checked } = await checkWorkbook(app.db, book, {
        initialPassword,
        passwordProblem: (password, username) => app.passwordPolicy.check(password, username),
        progress: (n) => (job.done = n),
      });
      if (issues.length) {
        job.issues = issues.slice(0, MAX_ISSUES);
        await fail();
        await app.audit(request, { action: 'iam.import', target: job.fileName, result: 'failure', detail: { lines: job.total, issues: issues.length } });
        return;
      }
      job.phase = 'write';
      job.done = 0;
      const hash = await options.hashPassword(initialPassword);
      const counts = { orgUnits: checked.orgUnits.length, users: checked.users.length, posts: checked.posts.length };
      let succeeded: LocalJob | undefined;
      await app.accessControl.changeGrants(async (tx) => {
        await writeImport(tx, checked, hash, app.now(), actorOf(request), (n) => (job.done = n));
        // Success is recorded in the write's own transaction: a job given up as orphaned (no heartbeat for a
        // minute) rolls its write back here, so "failed" always means "nothing written".
        succeeded = ended({ ...job, counts, done: job.total }, 'succeeded');
        await recordSuccess(tx, publicJob(succeeded), app.now());
      });
      clearInterval(heartbeat);
      Object.assign(job, succeeded);
      await app.audit(request, { action: 'iam.import', target: job.fileName, result: 'success', detail: { ...job.counts } });
    } catch (error) {
      const message =
        error instanceof WorkbookError || error instanceof JobOrphanedError
          ? error.message
          : '导入失败，未写入任何数据：导入期间数据可能已被他人修改，请重新导入';
      if (!(error instanceof WorkbookError)) request.log.error({ err: error }, 'import failed');
      job.issues = [{ sheet: '—', row: 0, message }];
      await fail();
      await app.audit(request, { action: 'iam.import', target: job.fileName, result: 'failure', detail: { message } }).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      heartbeats.delete(heartbeat);
      local.delete(job.id);
    }
  };

  app.get('/import/template', manage, async (_request, reply) =>
    sendWorkbook(reply, await buildTemplate(app.db), 'onboarding-template.xlsx', '批量导入模板.xlsx'),
  );

  routes.post('/imports', { ...manage, bodyLimit: BODY_LIMIT, schema: { body: importRequestSchema } }, async (request, reply) => {
    const body = request.body;
    const now = app.now();
    await pruneJobs(app.db, now);
    await failOrphanedJobs(app.db, now);
    // One import at a time (on any instance): two would check against the same database and collide in the write.
    if (local.size > 0) throw conflict(BUSY);
    const content = Buffer.from(body.content, 'base64');
    const job: LocalJob = { ...startedImportJob(randomUUID(), body.fileName, now), startedMs: Date.now() };
    if (!(await insertJob(app.db, publicJob(job), instanceId, now))) throw conflict(BUSY);
    local.set(job.id, job);
    void run(request, job, content, body.initialPassword);
    return reply.code(202).send(publicJob(job));
  });

  routes.get('/imports/:id', { ...manage, schema: { params: idParams } }, async (request) => {
    if (!isUuid(request.params.id)) throw notFound('导入任务不存在或已过期');
    const mine = local.get(request.params.id);
    if (mine) return publicJob({ ...mine, elapsedMs: mine.status === 'running' ? Date.now() - mine.startedMs : mine.elapsedMs });
    const job = await readJob(app.db, request.params.id, app.now());
    if (!job) throw notFound('导入任务不存在或已过期');
    return job;
  });

  app.get('/export/users', manage, async (_request, reply) => {
    const rows = await app.db.query<{
      username: string;
      displayName: string;
      orgUnitCode: string;
      orgUnitName: string;
      status: string;
      roles: string | null;
      posts: string | null;
      lastLoginAt: Date | null;
    }>(`
      SELECT u.username, u.display_name AS "displayName", u.org_unit_code AS "orgUnitCode", o.name AS "orgUnitName", u.status,
        (SELECT string_agg(ur.role_key, '、' ORDER BY ur.role_key) FROM user_role ur WHERE ur.user_id = u.id) AS roles,
        (SELECT string_agg(p.name || '@' || po.name || CASE WHEN up.valid_to IS NULL THEN '' ELSE '（至' || to_char(up.valid_to, 'YYYY-MM-DD') || '）' END, '、' ORDER BY up.is_primary DESC, up.post_code)
           FROM user_post up JOIN post p ON p.code = up.post_code JOIN org_unit po ON po.code = up.org_unit_code WHERE up.user_id = u.id) AS posts,
        u.last_login_at AS "lastLoginAt"
      FROM sys_user u JOIN org_unit o ON o.code = u.org_unit_code ORDER BY o.path, u.username`);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('用户');
    sheet.addRow(['用户名', '姓名', '所属单位编码', '所属单位', '状态', '直接角色', '岗位任职', '最近登录']);
    for (const r of rows) {
      sheet.addRow([r.username, r.displayName, r.orgUnitCode, r.orgUnitName, r.status === 'active' ? '启用' : '停用', r.roles ?? '', r.posts ?? '', dateOf(r.lastLoginAt)]);
    }
    sheet.getRow(1).font = { bold: true };
    sheet.columns.forEach((col, i) => (col.width = i === 6 ? 48 : 16));
    return sendWorkbook(reply, Buffer.from(await book.xlsx.writeBuffer()), 'users.xlsx', '用户清单.xlsx');
  });

  app.get('/export/grants', manage, async (_request, reply) => {
    const roles = await listRoles(app.db);
    const names = new Map((await app.db.query<{ key: string; name: string }>('SELECT key, name FROM permission')).map((p) => [p.key, p.name]));
    const book = new ExcelJS.Workbook();
    const grants = book.addWorksheet('角色权限');
    grants.addRow(['角色标识', '角色名称', '权限标识', '权限名称']);
    for (const role of roles) for (const key of role.permissions) grants.addRow([role.key, role.name, key, key === '*' ? '全部权限' : (names.get(key) ?? '')]);
    const posts = book.addWorksheet('岗位授予角色');
    posts.addRow(['角色标识', '角色名称', '授予岗位']);
    for (const role of roles) for (const post of role.conferredByPosts) posts.addRow([role.key, role.name, post]);
    const scopes = book.addWorksheet('数据范围');
    scopes.addRow(['角色标识', '角色名称', '资源类型', '范围类型', '指定单位']);
    for (const role of roles) for (const s of role.dataScopes) scopes.addRow([role.key, role.name, s.resourceType, s.scopeType, s.orgUnitCodes.join('、')]);
    for (const sheet of [grants, posts, scopes]) {
      sheet.getRow(1).font = { bold: true };
      sheet.columns.forEach((col) => (col.width = 22));
    }
    return sendWorkbook(reply, Buffer.from(await book.xlsx.writeBuffer()), 'grants.xlsx', '角色授权.xlsx');
  });
}

function publicJob(job: ImportJob & { startedMs?: number }): ImportJob {
  const { startedMs: _startedMs, ...rest } = job;
  return { ...rest, issues: [...rest.issues] };
}
