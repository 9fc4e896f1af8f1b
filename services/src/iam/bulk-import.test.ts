/**
 * Bulk onboarding (issue 20, ADR 0058): the template, an import with good and bad lines (nothing written, every
 * bad line named in Chinese), a good import (users log in with the batch's initial password, posts confer
 * their roles), a generated 5,000-line workbook (time measured and printed, not asserted), and the exports.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { importJobSchema } from '@wb/contracts/iam-admin';
import type { ImportJob } from '@wb/contracts/iam-admin';
import { createIamTestApp } from './testing.ts';
import { suiteApp } from '../testing/suite.ts';

const PASSWORD = 'Chun-feng-Li-2931';

interface Sheets {
  orgUnits?: string[][];
  users?: string[][];
  posts?: string[][];
}

async function workbook(sheets: Sheets): Promise<string> {
  const book = new ExcelJS.Workbook();
  const add = (name: string, header: string[], rows: string[][] = []) => {
    const sheet = book.addWorksheet(name);
    sheet.addRow(header);
    for (const row of rows) sheet.addRow(row);
  };
  add('单位', ['单位编码', '单位名称', '单位类型', '上级单位编码'], sheets.orgUnits);
  add('用户', ['用户名', '姓名', '所属单位编码'], sheets.users);
  add('岗位任职', ['用户名', '岗位编码', '任职单位编码', '开始日期', '结束日期', '主岗（是/否）'], sheets.posts);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe('iam bulk onboarding', () => {
  const t = suiteApp(() => createIamTestApp());

  const call = (method: 'GET' | 'POST', url: string, payload?: object) => t.asAdmin(method, url, payload);
  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  async function runImport(content: string, fileName = '入职.xlsx'): Promise<ImportJob> {
    const started = await call('POST', '/imports', { fileName, content, initialPassword: PASSWORD });
    expect(started.statusCode, started.body).toBe(202);
    let job = importJobSchema.parse(started.json());
    for (let i = 0; i < 600 && job.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = importJobSchema.parse((await call('GET', `/imports/${job.id}`)).json());
    }
    return job;
  }

  it('downloads the template with its three sheets and the posts that exist', async () => {
    const response = await call('GET', '/import/template');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '单位', '用户', '岗位任职']);
    expect(book.getWorksheet('岗位任职')!.getRow(1).getCell(1).value).toBe('用户名');
    const help = book.getWorksheet('说明')!.getColumn(1).values.map(String);
    expect(help).toContain('YK_ACCEPT');
  });

  it('refuses a workbook with bad lines as a whole, naming every bad line in Chinese', async () => {
    // Units and users of its own: the import test below writes 334010105 and xinren01.
    const before = await Promise.all(['org_unit', 'sys_user', 'user_post'].map(count));
    const content = await workbook({
      orgUnits: [
        ['334010106', '江北滨江供电所', '供电所', '3340101'],
        ['334020199', '错位供电所', '供电所', '3340101'],
      ],
      users: [
        ['xinren11', '新人一', '334010106'],
        ['yk01', '重名', '334010101'],
        ['Bad Name', '坏名', '334010101'],
        ['xinren12', '新人二', '999999999'],
      ],
      posts: [
        ['xinren11', 'YK_ACCEPT', '334010106', '2026-03-01', '', '是'],
        ['xinren11', 'NO_SUCH_POST', '334010106', '', '', ''],
        ['nobody', 'YK_ACCEPT', '334010101', '', '', ''],
        ['xinren11', 'YK_SURVEY', '334010106', '2026-05-01', '2026-04-01', '否'],
      ],
    });
    const job = await runImport(content);
    expect(job.status).toBe('failed');
    expect(job.issues.map((i) => [i.sheet, i.row])).toEqual([
      ['单位', 3],
      ['用户', 3],
      ['用户', 4],
      ['用户', 5],
      ['岗位任职', 3],
      ['岗位任职', 4],
      ['岗位任职', 5],
    ]);
    expect(job.issues.map((i) => i.message)).toEqual([
      '单位编码应以上级单位编码开头',
      '用户名 yk01 已存在',
      expect.stringContaining('用户名为 3 到 32 位小写字母'),
      '单位 999999999 不存在',
      '岗位 NO_SUCH_POST 不存在',
      expect.stringContaining('用户 nobody 不存在'),
      '结束日期必须晚于开始日期',
    ]);
    // All or nothing: the good lines were not written either.
    expect(await Promise.all(['org_unit', 'sys_user', 'user_post'].map(count))).toEqual(before);
    const [audit] = await t.db.query<{ result: string }>(`SELECT result FROM audit_log WHERE action = 'iam.import' ORDER BY id DESC LIMIT 1`);
    expect(audit?.result).toBe('failure');
  });

  it('imports org units, users and posts in one go; the new user logs in with the batch password and works in the post', async () => {
    const content = await workbook({
      orgUnits: [
        ['33401010501', '新城营业班', '营业厅', '334010105'],
        ['334010105', '江北新城供电所', '供电所', '3340101'],
      ],
      users: [['xinren01', '新人一', '334010105']],
      posts: [
        ['xinren01', 'YK_ACCEPT', '334010105', '', '', '是'],
        ['yk02', 'YK_SURVEY', '334010105', '', '2026-12-31', ''],
      ],
    });
    const job = await runImport(content);
    expect(job.issues).toEqual([]);
    expect(job).toMatchObject({ status: 'succeeded', phase: 'done', counts: { orgUnits: 2, users: 1, posts: 2 }, total: 5, done: 5 });
    const [unit] = await t.db.query<{ path: string }>(`SELECT path FROM org_unit WHERE code = '33401010501'`);
    expect(unit?.path).toBe('/33401/3340101/334010105/33401010501');
    // A date alone ends the assignment at the end of that day in China time (ADR 0073), not at 08:00 of it.
    const [ends] = await t.db.query<{ validTo: Date }>(
      `SELECT up.valid_to AS "validTo" FROM user_post up JOIN sys_user u ON u.id = up.user_id WHERE u.username = 'yk02' AND up.post_code = 'YK_SURVEY' AND up.org_unit_code = '334010105'`,
    );
    expect(new Date(ends!.validTo).toISOString()).toBe('2026-12-31T15:59:59.000Z');
    const cookie = await t.login('xinren01', PASSWORD);
    const { user: me } = (await t.request({ method: 'GET', url: '/api/identity/me', cookie })).json<{ user: { mustChangePassword: boolean; activePost: { code: string } | null; permissions: string[] } }>();
    expect(me).toMatchObject({ mustChangePassword: true, activePost: { code: 'YK_ACCEPT' } });
    expect(me.permissions).toContain('yk:apply:accept');
    const again = await runImport(content);
    expect(again.status).toBe('failed');
    expect(again.issues.map((i) => i.message)).toEqual(['单位编码 33401010501 已存在', '单位编码 334010105 已存在', '用户名 xinren01 已存在', '用户 xinren01 已在该单位担任该岗位', '用户 yk02 已在该单位担任该岗位']);
  });

  it('imports a generated 5,000-line workbook in one transaction (time printed, not asserted)', async () => {
    const users: string[][] = [];
    const posts: string[][] = [];
    for (let i = 0; i < 2500; i += 1) {
      const username = `bulk${String(i).padStart(5, '0')}`;
      users.push([username, `批量${i}`, '334010101']);
      posts.push([username, i % 2 ? 'YK_SURVEY' : 'YK_ACCEPT', '334010101', '2026-01-01', '', '是']);
    }
    const content = await workbook({ users, posts });
    const started = Date.now();
    const job = await runImport(content, '五千行.xlsx');
    const wall = Date.now() - started;
    expect(job.issues).toEqual([]);
    expect(job).toMatchObject({ status: 'succeeded', counts: { orgUnits: 0, users: 2500, posts: 2500 } });
    expect(await t.db.query(`SELECT 1 FROM sys_user WHERE username LIKE 'bulk%'`)).toHaveLength(2500);
    console.info(`[issue 20] 5,000-line import: ${wall} ms wall (job ${job.elapsedMs} ms, xlsx ${Math.round((content.length * 3) / 4 / 1024)} KiB)`);
  }, 120_000);

  it('exports users and grants as workbooks', async () => {
    const users = await call('GET', '/export/users');
    expect(users.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(users.rawPayload as unknown as ArrayBuffer);
    const names = book.getWorksheet('用户')!.getColumn(1).values.map(String);
    expect(names).toEqual(expect.arrayContaining(['用户名', 'admin', 'yk01', 'kf01', 'guest01']));
    expect(names.length - 2).toBe(await count('sys_user')); // a header and an empty cell 0 before the users
    const grants = await call('GET', '/export/grants');
    const grantBook = new ExcelJS.Workbook();
    await grantBook.xlsx.load(grants.rawPayload as unknown as ArrayBuffer);
    const rows = grantBook.getWorksheet('角色权限')!.getSheetValues().slice(2) as unknown[][];
    expect(rows.some((r) => r[1] === 'PLATFORM_ADMIN' && r[3] === '*')).toBe(true);
  });

  it('answers 400 for a file that is not a workbook and 404 for an unknown job', async () => {
    const job = await runImport(Buffer.from('not a zip at all').toString('base64'));
    expect(job).toMatchObject({ status: 'failed', issues: [{ message: expect.stringContaining('无法读取文件') }] });
    expect((await call('POST', '/imports', { fileName: 'x.xlsx', content: '###', initialPassword: PASSWORD })).statusCode).toBe(400);
    expect((await call('GET', '/imports/6f1d2a3b-0000-4000-8000-000000000001')).statusCode).toBe(404);
    expect((await call('GET', '/imports/nope')).statusCode).toBe(404);
  });
});
