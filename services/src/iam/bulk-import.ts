/**
 * Bulk onboarding (issue 20, ADR 0058): the Excel template, reading a filled-in workbook, checking every line
 * against the database and the other lines, and writing all of it in one transaction (all lines or none).
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { IMPORT_SHEETS, ORG_TYPE_LABELS, importCellText, importOrgType, orgUnitLineIssue, postLineInstant, userLineIssue } from '@wb/contracts/iam-admin';
import type { ImportIssue } from '@wb/contracts/iam-admin';
import type { Queryable } from '@wb/server-kit';

const HEADERS = {
  orgUnits: ['单位编码', '单位名称', '单位类型', '上级单位编码'],
  users: ['用户名', '姓名', '所属单位编码'],
  posts: ['用户名', '岗位编码', '任职单位编码', '开始日期', '结束日期', '主岗（是/否）'],
} as const;

/** Lines per sheet a workbook may hold (a city company is a few thousand staff). */
export const MAX_LINES_PER_SHEET = 20_000;
/** Issues reported at most (the first ones, in sheet and row order). */
export const MAX_ISSUES = 500;

export interface OrgLine {
  row: number;
  code: string;
  name: string;
  type: string;
  parentCode: string;
}
export interface UserLine {
  row: number;
  username: string;
  displayName: string;
  orgUnitCode: string;
}
export interface PostLine {
  row: number;
  username: string;
  postCode: string;
  orgUnitCode: string;
  validFrom: string;
  validTo: string;
  primary: string;
}
export interface Workbook {
  orgUnits: OrgLine[];
  users: UserLine[];
  posts: PostLine[];
}

export const lineCount = (book: Workbook): number => book.orgUnits.length + book.users.length + book.posts.length;

function styleHeader(sheet: ExcelJS.Worksheet, width = 18): void {
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  sheet.columns.forEach((col) => (col.width = width));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The template: one sheet per kind of line, plus 说明 with the rules and the posts that exist. */
export async function buildTemplate(db: Queryable): Promise<Buffer> {
  const posts = await db.query<{ code: string; name: string }>(`SELECT code, name FROM post WHERE status = 'active' ORDER BY category, code`);
  const book = new ExcelJS.Workbook();
  const help = book.addWorksheet('说明');
  const lines = [
    ['批量导入说明'],
    ['1. 在“单位”“用户”“岗位任职”三张表中按表头填写，每行一条；不需要的表留空即可。'],
    ['2. 整个文件一次导入：任何一行有错误则全部不导入，请按结果中的行号修改后重新上传。'],
    ['3. 单位编码为 5 到 11 位数字，以上级单位编码开头；上级单位可以是已有单位，也可以是本文件中的单位。'],
    [`4. 单位类型填写：${Object.values(ORG_TYPE_LABELS).join('、')}。`],
    ['5. 用户名为 3 到 32 位小写字母、数字或 _ . -，以字母开头；新用户使用导入时填写的初始密码，首次登录须修改。'],
    ['6. 岗位任职的用户可以是已有用户或本文件中的新用户；主岗填“是”或“否”。'],
    ['7. 开始、结束日期按北京时间：格式 YYYY-MM-DD 或 YYYY-MM-DD HH:mm。只填日期时，开始日期从当天 0:00 起生效，结束日期到当天 23:59:59 止（次日起失效）；填到分钟则在该分钟起生效或失效。'],
    [],
    ['岗位编码', '岗位名称'],
    ...posts.map((p) => [p.code, p.name]),
  ];
  for (const line of lines) help.addRow(line);
  help.getRow(1).font = { bold: true, size: 14 };
  help.getColumn(1).width = 24;
  help.getColumn(2).width = 24;
  for (const [key, name] of Object.entries(IMPORT_SHEETS) as Array<[keyof typeof HEADERS, string]>) {
    const sheet = book.addWorksheet(name);
    sheet.addRow([...HEADERS[key]]);
    styleHeader(sheet);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export class WorkbookError extends Error {}

/** Reads the three sheets (a missing sheet is empty); wholly empty lines are skipped. */
export async function readWorkbook(content: Buffer): Promise<Workbook> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookError('无法读取文件，请上传由模板填写的 Excel（.xlsx）文件');
  }
  const read = (name: string, width: number): Array<{ row: number; cells: string[] }> => {
    const sheet = book.getWorksheet(name);
    if (!sheet) return [];
    const rows: Array<{ row: number; cells: string[] }> = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber === 1) return;
      const cells = Array.from({ length: width }, (_, i) => importCellText(row.getCell(i + 1).value));
      if (cells.some((c) => c !== '')) rows.push({ row: rowNumber, cells });
    });
    if (rows.length > MAX_LINES_PER_SHEET) throw new WorkbookError(`“${name}”表超过 ${MAX_LINES_PER_SHEET} 行，请分批导入`);
    return rows;
  };
  if (!Object.values(IMPORT_SHEETS).some((name) => book.getWorksheet(name))) {
    throw new WorkbookError(`文件中没有“${Object.values(IMPORT_SHEETS).join('”“')}”表，请使用下载的模板`);
  }
  return {
    orgUnits: read(IMPORT_SHEETS.orgUnits, 4).map(({ row, cells: [code = '', name = '', type = '', parentCode = ''] }) => ({ row, code, name, type, parentCode })),
    users: read(IMPORT_SHEETS.users, 3).map(({ row, cells: [username = '', displayName = '', orgUnitCode = ''] }) => ({ row, username, displayName, orgUnitCode })),
    posts: read(IMPORT_SHEETS.posts, 6).map(({ row, cells: [username = '', postCode = '', orgUnitCode = '', validFrom = '', validTo = '', primary = ''] }) => ({
      row,
      username,
      postCode,
      orgUnitCode,
      validFrom,
      validTo,
      primary,
    })),
  };
}

/** What the write needs, resolved by the check. */
export interface CheckedImport {
  orgUnits: Array<{ code: string; name: string; type: string; parentCode: string; path: string }>;
  users: Array<{ id: string; username: string; displayName: string; orgUnitCode: string }>;
  posts: Array<{ userId: string; postCode: string; orgUnitCode: string; validFrom: string | null; validTo: string | null; primary: boolean }>;
}

export interface CheckOptions {
  initialPassword: string;
  passwordProblem: (password: string, username: string) => string | null;
  /** Called every few hundred lines with the lines checked so far. */
  progress?: (done: number) => void;
}

/** Every line checked against the database and the other lines; issues in sheet and row order. */
export async function checkWorkbook(db: Queryable, book: Workbook, options: CheckOptions): Promise<{ issues: ImportIssue[]; checked: CheckedImport }> {
  const issues: ImportIssue[] = [];
  const issue = (sheet: string, row: number, message: string) => issues.push({ sheet, row, message });
  const orgs = new Map((await db.query<{ code: string; path: string; status: string }>('SELECT code, path, status FROM org_unit')).map((o) => [o.code, o]));
  const posts = new Map((await db.query<{ code: string; status: string }>('SELECT code, status FROM post')).map((p) => [p.code, p.status]));
  const wantedNames = [...book.users.map((u) => u.username), ...book.posts.map((p) => p.username)];
  const existingUsers = new Map(
    (await db.query<{ id: string; username: string }>('SELECT id, username FROM sys_user WHERE username = ANY($1::text[])', [[...new Set(wantedNames)]])).map((u) => [
      u.username,
      u.id,
    ]),
  );
  const existingAssignments = new Set(
    (
      await db.query<{ k: string }>(
        `SELECT up.user_id || '|' || up.post_code || '|' || up.org_unit_code AS k FROM user_post up WHERE up.user_id = ANY($1::text[])`,
        [[...existingUsers.values()]],
      )
    ).map((r) => r.k),
  );
  let done = 0;
  const tick = () => {
    done += 1;
    if (done % 250 === 0) options.progress?.(done);
  };

  // 单位: parents before children (a child's code extends its parent's), so a parent may be a line of the file.
  const S = IMPORT_SHEETS;
  const newOrgs = new Map<string, { code: string; name: string; type: string; parentCode: string; path: string }>();
  const orgLines = [...book.orgUnits].sort((a, b) => a.code.length - b.code.length || a.row - b.row);
  const rowIssues = new Map<number, string>();
  for (const line of orgLines) {
    tick();
    const problem =
      orgUnitLineIssue(line) ??
      (orgs.has(line.code) ? `单位编码 ${line.code} 已存在` : null) ??
      (newOrgs.has(line.code) ? `单位编码 ${line.code} 在本表中重复` : null);
    if (problem) {
      rowIssues.set(line.row, problem);
      continue;
    }
    const parent = orgs.get(line.parentCode) ?? newOrgs.get(line.parentCode);
    const parentProblem = !parent
      ? `上级单位 ${line.parentCode} 不存在`
      : 'status' in parent && parent.status === 'disabled'
        ? `上级单位 ${line.parentCode} 已停用`
        : !line.code.startsWith(line.parentCode) || line.code.length <= line.parentCode.length
          ? '单位编码应以上级单位编码开头'
          : null;
    if (parentProblem || !parent) {
      rowIssues.set(line.row, parentProblem ?? '上级单位不存在');
      continue;
    }
    const type = importOrgType(line.type) ?? 'STATION';
    newOrgs.set(line.code, { code: line.code, name: line.name, type, parentCode: line.parentCode, path: `${parent.path}/${line.code}` });
  }
  for (const line of book.orgUnits) {
    const problem = rowIssues.get(line.row);
    if (problem) issue(S.orgUnits, line.row, problem);
  }
  const orgUsable = (code: string): string | null => {
    const existing = orgs.get(code);
    if (existing) return existing.status === 'disabled' ? `单位 ${code} 已停用` : null;
    return newOrgs.has(code) ? null : `单位 ${code} 不存在`;
  };

  // 用户
  const newUsers = new Map<string, { id: string; username: string; displayName: string; orgUnitCode: string }>();
  for (const line of book.users) {
    tick();
    const problem =
      userLineIssue(line) ??
      (line.orgUnitCode ? orgUsable(line.orgUnitCode) : '请填写所属单位编码') ??
      (existingUsers.has(line.username) ? `用户名 ${line.username} 已存在` : null) ??
      (newUsers.has(line.username) ? `用户名 ${line.username} 在本表中重复` : null) ??
      options.passwordProblem(options.initialPassword, line.username);
    if (problem) issue(S.users, line.row, problem);
    else newUsers.set(line.username, { id: randomUUID(), username: line.username, displayName: line.displayName, orgUnitCode: line.orgUnitCode });
  }

  // 岗位任职
  const assignments = new Set(existingAssignments);
  const newPosts: CheckedImport['posts'] = [];
  const primaryOf = new Set<string>();
  for (const line of book.posts) {
    tick();
    const userId = newUsers.get(line.username)?.id ?? existingUsers.get(line.username);
    const primary = line.primary === '' || line.primary === '否' ? false : line.primary === '是' ? true : null;
    const postStatus = posts.get(line.postCode);
    const from = line.validFrom ? postLineInstant(line.validFrom, false) : null;
    const to = line.validTo ? postLineInstant(line.validTo, true) : null;
    const problem =
      (line.username ? null : '请填写用户名') ??
      (userId ? null : `用户 ${line.username} 不存在（也不在“用户”表中）`) ??
      (line.postCode ? null : '请填写岗位编码') ??
      (postStatus === undefined ? `岗位 ${line.postCode} 不存在` : postStatus === 'disabled' ? `岗位 ${line.postCode} 已停用` : null) ??
      (line.orgUnitCode ? orgUsable(line.orgUnitCode) : '请填写任职单位编码') ??
      (line.validFrom && !from ? `开始日期“${line.validFrom}”格式应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm` : null) ??
      (line.validTo && !to ? `结束日期“${line.validTo}”格式应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm` : null) ??
      (from && to && from >= to ? '结束日期必须晚于开始日期' : null) ??
      (primary === null ? '主岗应填写“是”或“否”' : null) ??
      (primary && userId && primaryOf.has(userId) ? `用户 ${line.username} 有多个主岗` : null) ??
      (assignments.has(`${userId}|${line.postCode}|${line.orgUnitCode}`) ? `用户 ${line.username} 已在该单位担任该岗位` : null);
    if (problem || !userId) {
      issue(S.posts, line.row, problem ?? '用户不存在');
      continue;
    }
    assignments.add(`${userId}|${line.postCode}|${line.orgUnitCode}`);
    if (primary) primaryOf.add(userId);
    newPosts.push({ userId, postCode: line.postCode, orgUnitCode: line.orgUnitCode, validFrom: from, validTo: to, primary: primary === true });
  }
  options.progress?.(done);
  const order = [S.orgUnits, S.users, S.posts] as string[];
  issues.sort((a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet) || a.row - b.row);
  return {
    issues,
    checked: {
      orgUnits: [...newOrgs.values()].sort((a, b) => a.path.length - b.path.length),
      users: [...newUsers.values()],
      posts: newPosts,
    },
  };
}

const CHUNK = 500;

/** Writes a checked import in `tx` (the caller's one transaction); `progress` gets the lines written so far. */
export async function writeImport(tx: Queryable, checked: CheckedImport, passwordHash: string, now: Date, actor: string, progress: (done: number) => void): Promise<void> {
  let done = 0;
  const { orgUnits, users, posts } = checked;
  for (let i = 0; i < orgUnits.length; i += CHUNK) {
    const part = orgUnits.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO org_unit (code, name, type, parent_code, path)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [part.map((o) => o.code), part.map((o) => o.name), part.map((o) => o.type), part.map((o) => o.parentCode), part.map((o) => o.path)],
    );
    progress((done += part.length));
  }
  for (let i = 0; i < users.length; i += CHUNK) {
    const part = users.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO sys_user (id, username, display_name, password_hash, org_unit_code, must_change_password, created_at)
       SELECT id, username, display_name, $5, org_unit_code, true, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, username, display_name, org_unit_code)`,
      [part.map((u) => u.id), part.map((u) => u.username), part.map((u) => u.displayName), part.map((u) => u.orgUnitCode), passwordHash, now],
    );
    progress((done += part.length));
  }
  const primaryUsers = [...new Set(posts.filter((p) => p.primary).map((p) => p.userId))];
  if (primaryUsers.length) await tx.query('UPDATE user_post SET is_primary = false WHERE user_id = ANY($1::text[])', [primaryUsers]);
  for (let i = 0; i < posts.length; i += CHUNK) {
    const part = posts.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO user_post (user_id, post_code, org_unit_code, is_primary, valid_from, valid_to, granted_by)
       SELECT user_id, post_code, org_unit_code, is_primary, valid_from::timestamptz, valid_to::timestamptz, $7
       FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[]) AS t(user_id, post_code, org_unit_code, is_primary, valid_from, valid_to)`,
      [part.map((p) => p.userId), part.map((p) => p.postCode), part.map((p) => p.orgUnitCode), part.map((p) => p.primary), part.map((p) => p.validFrom), part.map((p) => p.validTo), actor],
    );
    progress((done += part.length));
  }
}
