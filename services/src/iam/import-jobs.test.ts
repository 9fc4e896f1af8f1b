/**
 * Issue 16 / ADR 0070: the Excel import jobs of 系统管理 (issue 20) across the instances of a cluster. Two app
 * instances on one database (PostgreSQL in CI): a job accepted by one is polled on the other to its end; a job
 * whose instance died (no heartbeat for a minute) is reported failed in Chinese and blocks no new import; a job
 * running anywhere refuses a second upload on any instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { importJobSchema } from '@wb/contracts/iam-admin';
import type { ImportJob } from '@wb/contracts/iam-admin';
import { CSRF_HEADER } from '@wb/contracts';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp, secondInstance } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { ORPHANED_MESSAGE, STALE_MS } from './import-jobs.ts';
import { iamTestServices } from './testing.ts';

const IAM = '/api/svc/iam/v1';
const PASSWORD = 'Chun-feng-Li-2931';
const kind = testDbKinds().at(-1)!;

async function workbook(users: string[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const add = (name: string, header: string[], rows: string[][] = []) => {
    const sheet = book.addWorksheet(name);
    sheet.addRow(header);
    for (const row of rows) sheet.addRow(row);
  };
  add('单位', ['单位编码', '单位名称', '单位类型', '上级单位编码']);
  add('用户', ['用户名', '姓名', '所属单位编码'], users);
  add('岗位任职', ['用户名', '岗位编码', '任职单位编码', '开始日期', '结束日期', '主岗（是/否）']);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe(`import jobs of two instances on one ${kind} database`, () => {
  let t: TestApp;
  let second: FastifyInstance;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { services: iamTestServices() });
    second = await secondInstance(t, { services: iamTestServices() });
    admin = await t.login('admin');
  }, 180_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  }, 60_000);

  const onFirst = (method: 'GET' | 'POST', url: string, payload?: object) => t.request({ method, url: `${IAM}${url}`, cookie: admin, ...(payload ? { payload } : {}) });
  const onSecond = (method: 'GET' | 'POST', url: string, payload?: object) =>
    second.inject({ method, url: `${IAM}${url}`, headers: { cookie: admin, [CSRF_HEADER]: '1' }, ...(payload ? { payload } : {}) });
  const insertRunning = (id: string, instance: string) =>
    t.db.query(
      `INSERT INTO iam_import_job (id, file_name, status, phase, total, done, counts, started_at, instance_id, heartbeat_at)
       VALUES ($1, '另一实例.xlsx', 'running', 'check', 10, 3, '{"orgUnits":0,"users":0,"posts":0}', $2, $3, $2)`,
      [id, t.clock.now(), instance],
    );

  it('answers the progress poll on the other instance, to the end of the job', async () => {
    const content = await workbook([
      ['jiqun01', '集群一', '334010101'],
      ['jiqun02', '集群二', '334010101'],
    ]);
    const started = await onFirst('POST', '/imports', { fileName: '集群.xlsx', content, initialPassword: PASSWORD });
    expect(started.statusCode, started.body).toBe(202);
    let job: ImportJob = importJobSchema.parse(started.json());
    for (let i = 0; i < 600 && job.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const polled = await onSecond('GET', `/imports/${job.id}`);
      expect(polled.statusCode, polled.body).toBe(200);
      job = importJobSchema.parse(polled.json());
    }
    expect(job).toMatchObject({ status: 'succeeded', phase: 'done', fileName: '集群.xlsx', counts: { orgUnits: 0, users: 2, posts: 0 }, total: 2, done: 2, issues: [] });
    expect(job.finishedAt).not.toBeNull();
    // The instance that ran it answers the same.
    expect(importJobSchema.parse((await onFirst('GET', `/imports/${job.id}`)).json())).toMatchObject({ status: 'succeeded', counts: { users: 2 } });
    expect(await t.db.query(`SELECT 1 FROM sys_user WHERE username IN ('jiqun01', 'jiqun02')`)).toHaveLength(2);
  }, 90_000);

  it('refuses a second upload on any instance while a job runs on another', async () => {
    const id = '6f1d2a3b-0000-4000-8000-00000000a001';
    await insertRunning(id, 'other-host:1:alive');
    const content = await workbook([['jiqun03', '集群三', '334010101']]);
    for (const send of [onFirst, onSecond]) {
      const refused = await send('POST', '/imports', { fileName: '第二个.xlsx', content, initialPassword: PASSWORD });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.body).toContain('已有导入正在进行');
    }
    await t.db.query(`DELETE FROM iam_import_job WHERE id = $1`, [id]);
  });

  it('reports a job whose instance died as failed, in Chinese, after a minute without heartbeat; it blocks nothing', async () => {
    const id = '6f1d2a3b-0000-4000-8000-00000000a002';
    await insertRunning(id, 'dead-host:1:gone');
    const running = importJobSchema.parse((await onSecond('GET', `/imports/${id}`)).json());
    expect(running).toMatchObject({ status: 'running', phase: 'check', done: 3, total: 10 });
    t.clock.advance(STALE_MS + 1_000);
    const failed = importJobSchema.parse((await onSecond('GET', `/imports/${id}`)).json());
    expect(failed).toMatchObject({ status: 'failed', phase: 'done', issues: [{ sheet: '—', row: 0, message: ORPHANED_MESSAGE }] });
    expect(ORPHANED_MESSAGE).toMatch(/[\u4e00-\u9fa5]/);
    // A new import goes through at once (on either instance).
    const content = await workbook([['jiqun04', '集群四', '334010101']]);
    const started = await onSecond('POST', '/imports', { fileName: '重新导入.xlsx', content, initialPassword: PASSWORD });
    expect(started.statusCode, started.body).toBe(202);
    const newId = importJobSchema.parse(started.json()).id;
    await expect
      .poll(async () => importJobSchema.parse((await onFirst('GET', `/imports/${newId}`)).json()).status, { timeout: 60_000, interval: 100 })
      .toBe('succeeded');
  }, 90_000);
});
