/**
 * The bulk import's check and write on the mock's data, on the rules of services/src/iam/bulk-import.ts: every line
 * of the three sheets checked against the data and the other lines (issues in sheet and row order, the first
 * problem of each line), and the write of all of it when nothing was refused.
 */
import { IMPORT_SHEETS, importOrgType, orgUnitLineIssue, postLineInstant, userLineIssue } from '@wb/contracts/iam-admin';
import type { AdminUser, OrgUnit, PostAssignment } from '@wb/contracts';
import type { ImportIssue, ImportJob } from '@wb/contracts/iam-admin';
import type { IamDataset } from './dataset.ts';
import type { SheetRow } from './xlsx.ts';

export interface Workbook {
  orgUnits: SheetRow[];
  users: SheetRow[];
  posts: SheetRow[];
}

export const lineCount = (book: Workbook): number => book.orgUnits.length + book.users.length + book.posts.length;

/** What the write adds, resolved by the check. */
export interface CheckedImport {
  orgUnits: OrgUnit[];
  users: AdminUser[];
  posts: PostAssignment[];
}

export interface CheckOptions {
  initialPassword: string;
  passwordProblem: (password: string, username: string) => string | null;
}

/** Every line checked; the issues (sheet and row order) and, when there are none, what to write. */
export function checkWorkbook(data: IamDataset, book: Workbook, options: CheckOptions): { issues: ImportIssue[]; checked: CheckedImport } {
  const issues: ImportIssue[] = [];
  const S = IMPORT_SHEETS;
  const orgs = new Map(data.orgUnits.map((o) => [o.code, o]));
  const newOrgs = new Map<string, OrgUnit>();
  // 单位: parents before children (a child's code extends its parent's), so a parent may be a line of the file.
  const orgLines = [...book.orgUnits].sort((a, b) => (a.cells[0] ?? '').length - (b.cells[0] ?? '').length || a.row - b.row);
  const orgIssues = new Map<number, string>();
  for (const { row, cells } of orgLines) {
    const [code = '', name = '', typeText = '', parentCode = ''] = cells;
    const parent = orgs.get(parentCode) ?? newOrgs.get(parentCode);
    const problem =
      orgUnitLineIssue({ code, name, type: typeText, parentCode }) ??
      (orgs.has(code) ? `单位编码 ${code} 已存在` : null) ??
      (newOrgs.has(code) ? `单位编码 ${code} 在本表中重复` : null) ??
      (!parent ? `上级单位 ${parentCode} 不存在` : null) ??
      (parent?.status === 'disabled' ? `上级单位 ${parentCode} 已停用` : null) ??
      (!code.startsWith(parentCode) || code.length <= parentCode.length ? '单位编码应以上级单位编码开头' : null);
    if (problem || !parent) orgIssues.set(row, problem ?? '上级单位不存在');
    else newOrgs.set(code, { code, name, type: importOrgType(typeText) ?? 'STATION', parentCode, path: `${parent.path}/${code}`, status: 'active' });
  }
  for (const { row } of book.orgUnits) {
    const problem = orgIssues.get(row);
    if (problem) issues.push({ sheet: S.orgUnits, row, message: problem });
  }
  const unitOf = (code: string) => orgs.get(code) ?? newOrgs.get(code);
  const orgUsable = (code: string): string | null => {
    const unit = unitOf(code);
    if (!unit) return `单位 ${code} 不存在`;
    return unit.status === 'disabled' ? `单位 ${code} 已停用` : null;
  };

  // 用户
  const now = new Date().toISOString();
  const newUsers = new Map<string, AdminUser>();
  for (const { row, cells } of book.users) {
    const [username = '', displayName = '', orgUnitCode = ''] = cells;
    const problem =
      userLineIssue({ username, displayName }) ??
      (orgUnitCode ? orgUsable(orgUnitCode) : '请填写所属单位编码') ??
      (data.users.some((u) => u.username === username) ? `用户名 ${username} 已存在` : null) ??
      (newUsers.has(username) ? `用户名 ${username} 在本表中重复` : null) ??
      options.passwordProblem(options.initialPassword, username);
    if (problem) issues.push({ sheet: S.users, row, message: problem });
    else {
      const user: AdminUser = {
        id: crypto.randomUUID(), username, displayName, orgUnitCode, orgUnitName: unitOf(orgUnitCode)?.name ?? orgUnitCode, status: 'active',
        mustChangePassword: true, roles: [], posts: [], activeSessions: 0, lastLoginAt: null, createdAt: now,
      };
      newUsers.set(username, user);
    }
  }

  // 岗位任职
  const userOf = (username: string) => newUsers.get(username) ?? data.users.find((u) => u.username === username);
  const held = new Set(data.users.flatMap((u) => u.posts.map((p) => `${u.id}|${p.postCode}|${p.orgUnitCode}`)));
  const primaryOf = new Set<string>();
  const newPosts: PostAssignment[] = [];
  for (const { row, cells } of book.posts) {
    const [username = '', postCode = '', orgUnitCode = '', validFrom = '', validTo = '', primaryText = ''] = cells;
    const user = userOf(username);
    const post = data.posts.find((p) => p.code === postCode);
    const primary = primaryText === '' || primaryText === '否' ? false : primaryText === '是' ? true : null;
    const from = validFrom ? postLineInstant(validFrom, false) : null;
    const to = validTo ? postLineInstant(validTo, true) : null;
    const problem =
      (username ? null : '请填写用户名') ??
      (user ? null : `用户 ${username} 不存在（也不在“用户”表中）`) ??
      (postCode ? null : '请填写岗位编码') ??
      (!post ? `岗位 ${postCode} 不存在` : post.status === 'disabled' ? `岗位 ${postCode} 已停用` : null) ??
      (orgUnitCode ? orgUsable(orgUnitCode) : '请填写任职单位编码') ??
      (validFrom && !from ? `开始日期“${validFrom}”格式应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm` : null) ??
      (validTo && !to ? `结束日期“${validTo}”格式应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm` : null) ??
      (from && to && from >= to ? '结束日期必须晚于开始日期' : null) ??
      (primary === null ? '主岗应填写“是”或“否”' : null) ??
      (primary && user && primaryOf.has(user.id) ? `用户 ${username} 有多个主岗` : null) ??
      (held.has(`${user?.id}|${postCode}|${orgUnitCode}`) ? `用户 ${username} 已在该单位担任该岗位` : null);
    if (problem || !user || !post) {
      issues.push({ sheet: S.posts, row, message: problem ?? '用户不存在' });
      continue;
    }
    held.add(`${user.id}|${postCode}|${orgUnitCode}`);
    if (primary) primaryOf.add(user.id);
    newPosts.push({
      id: crypto.randomUUID(), userId: user.id, postCode, postName: post.name, orgUnitCode, orgUnitName: unitOf(orgUnitCode)?.name ?? orgUnitCode,
      validFrom: from, validTo: to, acting: false, concurrent: false, primary: primary === true,
    });
  }
  const order: string[] = [S.orgUnits, S.users, S.posts];
  issues.sort((a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet) || a.row - b.row);
  return { issues, checked: { orgUnits: [...newOrgs.values()].sort((a, b) => a.path.length - b.path.length), users: [...newUsers.values()], posts: newPosts } };
}

/** Writes a checked import: all of it (the service's one transaction). */
export function writeImport(data: IamDataset, checked: CheckedImport): ImportJob['counts'] {
  data.orgUnits.push(...checked.orgUnits);
  data.users.push(...checked.users);
  for (const p of checked.posts) {
    const user = data.users.find((u) => u.id === p.userId);
    if (!user) continue;
    if (p.primary) for (const q of user.posts) q.primary = false;
    user.posts.push(p);
  }
  return { orgUnits: checked.orgUnits.length, users: checked.users.length, posts: checked.posts.length };
}
