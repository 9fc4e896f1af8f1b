/**
 * Bulk onboarding and exports (issue 20, ADR 0058). An import is a job: `POST /imports` answers 202 with it at
 * once, then reads, checks and writes the workbook in the background; the 系统管理 page polls `GET /imports/:id`
 * for the phase and the lines done (progress for 5,000 lines). Nothing is written unless every line passes:
 * the write is one transaction. Jobs live in this instance's memory for an hour (ADR 0058).
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { importRequestSchema } from '@wb/contracts/iam-admin';
import type { ImportJob } from '@wb/contracts/iam-admin';
import { actorOf, conflict, idParams, isUuid, manage, notFound } from './common.ts';
import { MAX_ISSUES, WorkbookError, buildTemplate, checkWorkbook, lineCount, readWorkbook, writeImport } from './bulk-import.ts';
import { listRoles } from './role-queries.ts';

export interface BulkRouteOptions {
  hashPassword: (password: string) => Promise<string>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JOB_TTL_MS = 60 * 60_000;
const MAX_JOBS = 50;
/** base64 of ~7.5 MB plus the JSON around it. */
const BODY_LIMIT = 10_500_000;

function sendWorkbook(reply: FastifyReply, buffer: Buffer, asciiName: string, name: string): FastifyReply {
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .send(buffer);
}

const dateOf = (d: Date | null): string => (d ? d.toISOString().slice(0, 10) : '');

export function registerBulkRoutes(app: FastifyInstance, options: BulkRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const jobs = new Map<string, ImportJob & { startedMs: number }>();
  let running: string | null = null;

  const prune = (): void => {
    const now = app.now().getTime();
    for (const [id, job] of jobs) if (job.status !== 'running' && now - job.startedMs > JOB_TTL_MS) jobs.delete(id);
    while (jobs.size > MAX_JOBS) {
      const oldest = [...jobs.values()].find((j) => j.status !== 'running');
      if (!oldest) break;
      jobs.delete(oldest.id);
    }
  };

  const run = async (request: FastifyRequest, job: ImportJob & { startedMs: number }, content: Buffer, initialPassword: string): Promise<void> => {
    const finish = (status: 'succeeded' | 'failed') => {
      job.status = status;
      job.phase = 'done';
      job.finishedAt = app.now().toISOString();
      job.elapsedMs = Date.now() - job.startedMs;
    };
    try {
      const book = await readWorkbook(content);
      job.total = lineCount(book);
      job.phase = 'check';
      if (job.total === 0) {
        job.issues = [{ sheet: '—', row: 0, message: '文件中没有可导入的行' }];
        finish('failed');
        return;
      }
      const { issues, checked } = await checkWorkbook(app.db, book, {
        initialPassword,
        passwordProblem: (password, username) => app.passwordPolicy.check(password, username),
        progress: (done) => (job.done = done),
      });
      if (issues.length) {
        job.issues = issues.slice(0, MAX_ISSUES);
        finish('failed');
        await app.audit(request, { action: 'iam.import', target: job.fileName, result: 'failure', detail: { lines: job.total, issues: issues.length } });
        return;
      }
      job.phase = 'write';
      job.done = 0;
      const hash = await options.hashPassword(initialPassword);
      await app.accessControl.changeGrants((tx) => writeImport(tx, checked, hash, app.now(), actorOf(request), (done) => (job.done = done)));
      job.counts = { orgUnits: checked.orgUnits.length, users: checked.users.length, posts: checked.posts.length };
      job.done = job.total;
      finish('succeeded');
      await app.audit(request, { action: 'iam.import', target: job.fileName, result: 'success', detail: { ...job.counts } });
    } catch (error) {
      const message =
        error instanceof WorkbookError ? error.message : '导入失败，未写入任何数据：导入期间数据可能已被他人修改，请重新导入';
      if (!(error instanceof WorkbookError)) request.log.error({ err: error }, 'import failed');
      job.issues = [{ sheet: '—', row: 0, message }];
      finish('failed');
      await app.audit(request, { action: 'iam.import', target: job.fileName, result: 'failure', detail: { message } }).catch(() => undefined);
    }
  };

  app.get('/import/template', manage, async (_request, reply) =>
    sendWorkbook(reply, await buildTemplate(app.db), 'onboarding-template.xlsx', '批量导入模板.xlsx'),
  );

  routes.post('/imports', { ...manage, bodyLimit: BODY_LIMIT, schema: { body: importRequestSchema } }, async (request, reply) => {
    const body = request.body;
    prune();
    // One import at a time: two would check against the same database and collide in the write.
    if (running && jobs.get(running)?.status === 'running') throw conflict('已有导入正在进行，请等它完成后再上传');
    const content = Buffer.from(body.content, 'base64');
    const startedMs = Date.now();
    const job: ImportJob & { startedMs: number } = {
      id: randomUUID(),
      fileName: body.fileName,
      status: 'running',
      phase: 'read',
      total: 0,
      done: 0,
      counts: { orgUnits: 0, users: 0, posts: 0 },
      issues: [],
      startedAt: app.now().toISOString(),
      finishedAt: null,
      elapsedMs: 0,
      startedMs,
    };
    jobs.set(job.id, job);
    running = job.id;
    void run(request, job, content, body.initialPassword).finally(() => {
      if (running === job.id) running = null;
    });
    return reply.code(202).send(publicJob(job));
  });

  routes.get('/imports/:id', { ...manage, schema: { params: idParams } }, async (request) => {
    const job = isUuid(request.params.id) ? jobs.get(request.params.id) : undefined;
    if (!job) throw notFound('导入任务不存在或已过期');
    return publicJob({ ...job, elapsedMs: job.status === 'running' ? Date.now() - job.startedMs : job.elapsedMs });
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
