/**
 * The rest of billing's money flow (ADR 0043), built on the core operations' building blocks:
 *
 * - 退补: an adjustment of an issued month, requested by the 核算员 and approved by a second person; approval never
 *   edits a receivable — a 补收 is a new receivable of that month (`adjustment_id`), a 退费 credits the account (open
 *   电费 oldest first, the rest 预存).
 * - 银行代扣 CSV import: each line is its own transaction (a payment, method BANK) keyed by the bank's 流水号, so a
 *   line imported twice charges once; bad lines are reported in Chinese and the good ones applied.
 * - 解款/对账: every collector's takings of a China day, by method, reversed ones apart.
 * - 催费: configurable steps by days overdue; each customer's arrears episode advances at most one step a run; 短信
 *   and 停电通知 leave as outbox events to the SMS gateway adapter (sms.ts), 电话/上门 are work items to complete.
 */
import {
  BANK_CSV_HEADER,
  BANK_IMPORT_MAX_LINES,
  DUNNING_STEPS,
  fenToYuan,
  type Adjustment,
  type AdjustmentRequest,
  type BankImport,
  type BankLineResult,
  type DunningAction,
  type DunningStep,
  type ReadPlan,
  type Reading,
  type RemittanceReport,
  type SmsMessage,
  BILLING_FACT_TOPICS,
  BILLING_PROCESSES,
} from '@wb/contracts/billing';
import { maskPhone } from '@wb/contracts/ticket';
import { ErrorCode } from '@wb/contracts';
import { AppError, SqlConditions, orgPathInScope } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';
import { billingContactPhones, billingCustomerTgs, readingSections, type ReadingSection } from '../customer/index.ts';
import { identityDirectory } from '../identity/index.ts';
import { whereUnderUnit } from './unit-filter.ts';
import { cstDate, insertEvents, type WorkflowEngine } from '../workflow/index.ts';
import { businessKeys, type BillingContext, type BillingOperations, type BillingScope } from './operations.ts';
import { BILLING_SYSTEM_ACTOR } from './processes.ts';
import { emitReceivableFacts } from './fact-events.ts';

export const SMS_TOPIC = 'billing.sms.requested';
const DAY = 24 * 3_600_000;

const notFound = (what: string): AppError => new AppError(404, ErrorCode.NotFound, `未找到该${what}`);
const conflict = (message: string): AppError => new AppError(409, ErrorCode.Conflict, message);
const badField = (field: string, message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { [field]: message });
const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const n = (v: string | number | null | undefined): number => Number(v ?? 0);
const isId = (id: string): boolean => /^[0-9]{1,18}$/.test(id);

export interface CollectionDeps {
  db: Db;
  engine: WorkflowEngine;
  now: () => Date;
  core: BillingOperations;
}

// ---- CSV ----------------------------------------------------------------------------------------------------------

export interface BankLine {
  lineNo: number;
  serial: string;
  consNo: string;
  amountFen: number;
  date: string;
}

/** 元 with at most two decimals → 分, by string arithmetic (no floating point). */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const validDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * Parses a 代扣 file: the header (a wrong header refuses the whole file, 400), then one result per data line —
 * a parsed line, or the reason it is bad. Blank lines are skipped; line numbers are the file's (header = 1).
 */
export function parseBankCsv(content: string, today: string): Array<BankLine | BankLineResult> {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  const header = (lines[headerIndex] ?? '').split(',').map((c) => c.trim());
  if (header.join(',') !== BANK_CSV_HEADER.join(',')) {
    throw badField('content', `代扣文件第一行应为表头：${BANK_CSV_HEADER.join(',')}`);
  }
  const data = lines.map((text, i) => ({ text, lineNo: i + 1 })).slice(headerIndex + 1).filter((l) => l.text.trim() !== '');
  if (data.length === 0) throw badField('content', '代扣文件没有数据行');
  if (data.length > BANK_IMPORT_MAX_LINES) throw badField('content', `代扣文件最多 ${BANK_IMPORT_MAX_LINES} 行，请拆分后导入`);
  const seen = new Set<string>();
  return data.map(({ text, lineNo }): BankLine | BankLineResult => {
    const cells = text.split(',').map((c) => c.trim());
    const error = (message: string, partial: Partial<BankLineResult> = {}): BankLineResult => ({
      lineNo, serial: null, consNo: null, amountFen: null, status: 'ERROR', message, paymentId: null, ...partial,
    });
    if (cells.length !== BANK_CSV_HEADER.length) return error(`应有 ${BANK_CSV_HEADER.length} 列（${BANK_CSV_HEADER.join('、')}），实际 ${cells.length} 列`);
    const [serial, consNo, amount, date] = cells as [string, string, string, string];
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(serial)) return error('流水号应为 1–64 位字母、数字、下划线或连字符');
    if (!/^[0-9]{10}$/.test(consNo)) return error('户号应为 10 位数字', { serial });
    const amountFen = yuanToFen(amount);
    if (amountFen === null) return error('金额格式不正确（以元为单位，最多两位小数）', { serial, consNo });
    if (amountFen <= 0) return error('金额应大于 0', { serial, consNo });
    if (!validDate(date)) return error('扣款日期格式不正确，应为 YYYY-MM-DD', { serial, consNo, amountFen });
    if (date > today) return error('扣款日期不能晚于今天', { serial, consNo, amountFen });
    if (seen.has(serial)) return { lineNo, serial, consNo, amountFen, status: 'DUPLICATE', message: '文件内流水号重复，已忽略', paymentId: null };
    seen.add(serial);
    return { lineNo, serial, consNo, amountFen, date };
  });
}

const isParsed = (l: BankLine | BankLineResult): l is BankLine => !('status' in l);

// ---- rows ---------------------------------------------------------------------------------------------------------

interface AdjustmentRow {
  id: string;
  cons_no: string;
  org_unit_code: string;
  org_path: string;
  ym: string;
  kind: Adjustment['kind'];
  amount_fen: string;
  kwh: number;
  reason: string;
  status: Adjustment['status'];
  requested_by: string;
  requested_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
  receivable_id: string | null;
  settled_fen: string;
  version: number;
}
const ADJUSTMENT_COLUMNS = `id::text AS id, cons_no, org_unit_code, org_path, ym, kind, amount_fen, kwh, reason, status, requested_by, requested_at,
  decided_by, decided_at, decision_note, receivable_id::text AS receivable_id, settled_fen, version`;
const toAdjustment = (r: AdjustmentRow): Adjustment => ({
  id: r.id, consNo: r.cons_no, orgUnitCode: r.org_unit_code, ym: r.ym, kind: r.kind, amountFen: n(r.amount_fen), kwh: r.kwh, reason: r.reason,
  status: r.status, requestedBy: r.requested_by, requestedAt: iso(r.requested_at)!, decidedBy: r.decided_by, decidedAt: iso(r.decided_at),
  decisionNote: r.decision_note, receivableId: r.receivable_id, settledFen: n(r.settled_fen), version: r.version,
});

interface DunningRow {
  id: string;
  cons_no: string;
  name: string;
  org_unit_code: string;
  org_path: string;
  step: DunningStep;
  status: DunningAction['status'];
  owe_fen: string;
  created_at: Date | string;
  done_by: string | null;
  done_at: Date | string | null;
  note: string | null;
  version: number;
}
const DUNNING_COLUMNS = `d.id::text AS id, d.cons_no, a.name, d.org_unit_code, d.org_path, d.step, d.status, d.owe_fen, d.created_at, d.done_by, d.done_at, d.note, d.version`;
const toDunning = (r: DunningRow): DunningAction => ({
  id: r.id, consNo: r.cons_no, name: r.name, orgUnitCode: r.org_unit_code, step: r.step, status: r.status, oweFen: n(r.owe_fen),
  createdAt: iso(r.created_at)!, doneBy: r.done_by, doneAt: iso(r.done_at), note: r.note, version: r.version,
});

/** A 催费 item as `runDunning` inserted it. */
interface DunningInsert {
  id: string;
  cons_no: string;
  org_unit_code: string;
  org_path: string;
  step: DunningStep;
  owe_fen: string;
}

/** The 催费 texts (the SMS gateway sends them as they are). */
export function dunningText(step: 'SMS' | 'NOTICE', consNo: string, oweFen: number, date: string, noticeDays: number): string {
  if (step === 'NOTICE') {
    return `【供电公司】停电通知：您的户号 ${consNo} 截至 ${date} 欠电费 ${fenToYuan(oweFen)} 元，已逾期。请于 ${noticeDays} 日内缴清，逾期将依法实施欠费停电。`;
  }
  return `【供电公司】尊敬的客户，您的户号 ${consNo} 截至 ${date} 欠电费 ${fenToYuan(oweFen)} 元，请及时缴纳，逾期将按日加收违约金。`;
}

export function createCollectionOperations(deps: CollectionDeps) {
  const { db, engine, now, core } = deps;
  const { account, applyPrepaid, payIn, requireVersion, readingsIn, startBound, mayActOn } = core.internals;
  const settings = core.settings;

  async function adjustmentIn(q: Queryable, id: string, scope: BillingScope, lock = false): Promise<AdjustmentRow> {
    if (!isId(id)) throw notFound('退补申请');
    const [row] = await q.query<AdjustmentRow>(`SELECT ${ADJUSTMENT_COLUMNS} FROM billing_adjustment WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!row || !orgPathInScope(row.org_path, scope)) throw notFound('退补申请');
    return row;
  }

  /**
   * 电话催费 and 上门催费 as bound tasks (ADR 0060): 电话 for the 收费催费员 (`DF_COLLECT`) of the customer's 供电所;
   * 上门 for its 台区经理 (`TQ_MGR`), handed to the one responsible for the customer's own 台区 when the 供电所 has
   * one (user_tg) — otherwise every 台区经理 of the 供电所 sees it until one takes it.
   */
  async function startDunningTasks(tx: Queryable, rows: readonly DunningInsert[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    const visits = rows.filter((r) => r.step === 'VISIT');
    const tgs = await billingCustomerTgs(tx, visits.map((r) => r.cons_no));
    const names = new Map(
      (await tx.query<{ cons_no: string; name: string }>('SELECT cons_no, name FROM billing_account WHERE cons_no = ANY($1::text[])', [rows.map((r) => r.cons_no)])).map((r) => [r.cons_no, r.name]),
    );
    const managers = new Map<string, Map<string, string[]>>();
    for (const unit of new Set(visits.map((r) => r.org_unit_code))) {
      const unitTgs = [...new Set(visits.filter((v) => v.org_unit_code === unit).map((v) => tgs.get(v.cons_no)).filter((t): t is string => !!t))];
      managers.set(unit, await identityDirectory.tgManagers(tx, unitTgs, 'TQ_MGR', unit, at));
    }
    for (const r of rows) {
      const tgId = tgs.get(r.cons_no) ?? null;
      const title = `${DUNNING_STEPS[r.step]} ${names.get(r.cons_no) ?? ''}（${r.cons_no}）欠费 ${fenToYuan(n(r.owe_fen))} 元`;
      const task = await startBound(tx, r.step === 'CALL' ? BILLING_PROCESSES.dunningCall : BILLING_PROCESSES.dunningVisit, businessKeys.dunning(r.id), title, r.org_unit_code, {
        consNo: r.cons_no, step: r.step, oweYuan: fenToYuan(n(r.owe_fen)), ...(r.step === 'VISIT' && tgId ? { tgId } : {}),
      });
      const manager = r.step === 'VISIT' && tgId ? managers.get(r.org_unit_code)?.get(tgId)?.[0] : undefined;
      if (task && manager) await engine.transfer(tx, BILLING_SYSTEM_ACTOR, task.id, manager, `按客户所在台区（${tgId}）分派给台区经理`, { domain: 'billing' });
    }
  }

  async function dunningIn(q: Queryable, id: string, scope: BillingScope, lock = false): Promise<DunningRow> {
    if (!isId(id)) throw notFound('催费记录');
    const [row] = await q.query<DunningRow>(
      `SELECT ${DUNNING_COLUMNS} FROM billing_dunning d JOIN billing_account a ON a.cons_no = d.cons_no WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
      [id],
    );
    if (!row || !orgPathInScope(row.org_path, scope)) throw notFound('催费记录');
    return row;
  }

  /** The 抄表段 of a 供电所 in scope with the month's plan; 400 when the unit is out of scope or has none. */
  async function plansOf(scope: BillingScope, ym: string, orgUnitCode: string): Promise<Array<{ section: ReadingSection; plan: ReadPlan; read: Map<string, { source: string; exception: string | null }> }>> {
    const all = await readingSections(db, orgUnitCode);
    const sections = all.filter((s) => orgPathInScope(s.orgPath, scope));
    if (all.length > 0 && sections.length === 0) throw badField('orgUnitCode', '该单位不在您的数据范围内');
    if (sections.length === 0) throw badField('orgUnitCode', '该单位没有抄表段（请选择供电所）');
    const consNos = sections.flatMap((s) => s.consNos);
    const rows = await db.query<{ cons_no: string; source: string; exception: string | null }>(
      'SELECT cons_no, source, exception FROM billing_reading WHERE ym = $1 AND cons_no = ANY($2::text[])',
      [ym, consNos],
    );
    const read = new Map(rows.map((r) => [r.cons_no, { source: r.source, exception: r.exception }]));
    const today = core.today();
    return sections.map((section) => {
      const mine = section.consNos.map((c) => read.get(c)).filter((r): r is { source: string; exception: string | null } => r !== undefined);
      const planDate = `${ym.slice(0, 4)}-${ym.slice(4)}-${String(section.mrDay).padStart(2, '0')}`;
      const missing = section.consNos.length - mine.length;
      const status: ReadPlan['status'] = missing === 0 ? 'DONE' : today < planDate ? 'PENDING' : today === planDate ? 'READING' : 'OVERDUE';
      return {
        section,
        read,
        plan: {
          mrSectNo: section.mrSectNo, name: section.name, mrDay: section.mrDay, planDate, orgUnitCode: section.orgUnitCode, accounts: section.consNos.length,
          read: mine.length, manual: mine.filter((r) => r.source === 'MANUAL').length, estimated: mine.filter((r) => r.source === 'ESTIMATED').length,
          exceptions: mine.filter((r) => r.exception !== null).length, missing, status,
        },
      };
    });
  }

  return {
    // ---- 抄表 plans ------------------------------------------------------------------------------------------------
    async readPlans(scope: BillingScope, query: { ym: string; orgUnitCode: string }): Promise<{ ym: string; items: ReadPlan[] }> {
      return { ym: query.ym, items: (await plansOf(scope, query.ym, query.orgUnitCode)).map((p) => p.plan) };
    },

    /** One 抄表段's plan of the month: who is still to be read, and the readings waiting for 复核. */
    async readPlan(scope: BillingScope, mrSectNo: string, query: { ym: string; orgUnitCode: string }): Promise<{ plan: ReadPlan; missing: string[]; exceptions: Reading[] }> {
      const found = (await plansOf(scope, query.ym, query.orgUnitCode)).find((p) => p.section.mrSectNo === mrSectNo);
      if (!found) throw notFound('抄表段');
      const missing = found.section.consNos.filter((c) => !found.read.has(c)).slice(0, 500);
      const flagged = found.section.consNos.filter((c) => found.read.get(c)?.exception);
      const exceptions = (await Promise.all(flagged.slice(0, 200).map((c) => readingsIn(db, c, query.ym)))).flat();
      return { plan: found.plan, missing, exceptions };
    },

    // ---- 退补 ---------------------------------------------------------------------------------------------------
    async requestAdjustment(ctx: BillingContext, input: AdjustmentRequest): Promise<Adjustment> {
      const id = await db.transaction(async (tx) => {
        const a = await account(tx, input.consNo, ctx.scope, true);
        const [bill] = await tx.query<{ amount_fen: string }>('SELECT amount_fen FROM billing_receivable WHERE cons_no = $1 AND ym = $2 AND adjustment_id = 0', [input.consNo, input.ym]);
        if (!bill) throw conflict(`${input.ym} 电费尚未发行，不能退补`);
        if (input.kind === 'REFUND') {
          const [refunds] = await tx.query<{ s: string }>(
            `SELECT COALESCE(sum(amount_fen), 0)::text AS s FROM billing_adjustment WHERE cons_no = $1 AND ym = $2 AND kind = 'REFUND' AND status <> 'REJECTED'`,
            [input.consNo, input.ym],
          );
          const room = n(bill.amount_fen) - n(refunds?.s);
          if (input.amountFen > room) {
            throw badField('amountFen', `退费金额不能超过该月电费 ${fenToYuan(n(bill.amount_fen))} 元减去已申请退费后的 ${fenToYuan(Math.max(0, room))} 元`);
          }
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO billing_adjustment (cons_no, org_unit_code, org_path, ym, kind, amount_fen, kwh, reason, requested_by, requested_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text AS id`,
          [a.cons_no, a.org_unit_code, a.org_path, input.ym, input.kind, input.amountFen, input.kwh, input.reason, ctx.actor.username, now()],
        );
        return row!.id;
      });
      return toAdjustment(await adjustmentIn(db, id, ctx.scope));
    },

    /** Approve or reject (If-Match), by another person than the requester. */
    async decideAdjustment(ctx: BillingContext, id: string, approve: boolean, note: string | undefined): Promise<Adjustment> {
      await engine.runInTransaction(db, async (tx) => {
        const adj = await adjustmentIn(tx, id, ctx.scope, true);
        requireVersion(ctx, adj.version, '退补申请已被他人处理，请刷新后重试');
        if (adj.status !== 'PENDING') throw conflict('该退补申请已审批');
        if (adj.requested_by === ctx.actor.username) throw new AppError(403, ErrorCode.NotAllowed, '退补须由申请人以外的另一人审批');
        const at = now();
        let receivableId: string | null = null;
        let settled = 0;
        if (approve && adj.kind === 'SUPPLEMENT') {
          const [bill] = await tx.query<{ tariff_code: string; resident: boolean }>(
            'SELECT tariff_code, resident FROM billing_receivable WHERE cons_no = $1 AND ym = $2 AND adjustment_id = 0',
            [adj.cons_no, adj.ym],
          );
          const due = cstDate(new Date(at.getTime() + 15 * DAY));
          const lines = [{ kind: 'ADJUST', name: `退补（补收 ${adj.ym}）`, quantity: adj.kwh, price: 0, amountFen: n(adj.amount_fen) }];
          const [r] = await tx.query<{ id: string }>(
            `INSERT INTO billing_receivable (cons_no, ym, org_unit_code, org_path, tariff_code, resident, kwh, lines, amount_fen, due_date, issued_at, adjustment_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::date, $11, $12) RETURNING id::text AS id`,
            [adj.cons_no, adj.ym, adj.org_unit_code, adj.org_path, bill!.tariff_code, bill!.resident, adj.kwh, JSON.stringify(lines), adj.amount_fen, due, at, adj.id],
          );
          receivableId = r!.id;
          await emitReceivableFacts(tx, BILLING_FACT_TOPICS.adjusted, [receivableId], at, { text: '退补补收发行' });
          await applyPrepaid(tx, adj.cons_no);
        } else if (approve) {
          // 退费: credit the account, then let it settle open 电费 oldest first like a 预存 balance.
          const [before] = await tx.query<{ prepaid_fen: string }>('SELECT prepaid_fen FROM billing_account WHERE cons_no = $1 FOR UPDATE', [adj.cons_no]);
          await tx.query('UPDATE billing_account SET prepaid_fen = prepaid_fen + $2, version = version + 1, updated_at = $3 WHERE cons_no = $1', [adj.cons_no, adj.amount_fen, at]);
          await applyPrepaid(tx, adj.cons_no);
          const [after] = await tx.query<{ prepaid_fen: string }>('SELECT prepaid_fen FROM billing_account WHERE cons_no = $1', [adj.cons_no]);
          settled = Math.max(0, Math.min(n(adj.amount_fen), n(before?.prepaid_fen) + n(adj.amount_fen) - n(after?.prepaid_fen)));
        }
        await tx.query(
          `UPDATE billing_adjustment SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5, receivable_id = $6, settled_fen = $7, version = version + 1 WHERE id = $1`,
          [id, approve ? 'APPROVED' : 'REJECTED', ctx.actor.username, at, note ?? null, receivableId, settled],
        );
      });
      return toAdjustment(await adjustmentIn(db, id, ctx.scope));
    },

    adjustment: async (id: string, scope: BillingScope) => toAdjustment(await adjustmentIn(db, id, scope)),

    async adjustments(scope: BillingScope, query: { status?: Adjustment['status'] | undefined; consNo?: string | undefined; page: number; pageSize: number }) {
      const where = new SqlConditions().scope('org_path', scope);
      if (query.status) where.addWith('status = ?', query.status);
      if (query.consNo) where.addWith('cons_no = ?', query.consNo);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_adjustment ${where.where()}`, where.params);
      const rows = await db.query<AdjustmentRow>(
        `SELECT ${ADJUSTMENT_COLUMNS} FROM billing_adjustment ${where.where()} ORDER BY status = 'PENDING' DESC, id DESC
          LIMIT ${where.param(query.pageSize)} OFFSET ${where.param((query.page - 1) * query.pageSize)}`,
        where.params,
      );
      return { items: rows.map(toAdjustment), total: count?.n ?? 0, page: query.page, pageSize: query.pageSize };
    },

    // ---- 银行代扣 --------------------------------------------------------------------------------------------------
    async importBankFile(ctx: BillingContext, input: { fileName: string; content: string }): Promise<BankImport> {
      const at = now();
      const parsed = parseBankCsv(input.content, cstDate(at));
      const [imp] = await db.query<{ id: string }>(
        'INSERT INTO billing_bank_import (file_name, imported_by, imported_at, lines) VALUES ($1, $2, $3, $4) RETURNING id::text AS id',
        [input.fileName, ctx.actor.username, at, parsed.length],
      );
      const importId = imp!.id;
      const results: BankLineResult[] = [];
      for (const line of parsed) {
        if (!isParsed(line)) {
          results.push(line);
          continue;
        }
        const base = { lineNo: line.lineNo, serial: line.serial, consNo: line.consNo, amountFen: line.amountFen };
        const [done] = await db.query<{ payment_id: string }>('SELECT payment_id::text AS payment_id FROM billing_bank_line WHERE serial = $1', [line.serial]);
        if (done) {
          results.push({ ...base, status: 'DUPLICATE', message: '该流水号已导入过，未重复销账', paymentId: done.payment_id });
          continue;
        }
        try {
          // One line, one transaction: the payment and its 流水号 commit together or not at all.
          const paymentId = await engine.runInTransaction(db, async (tx) => {
            const { paymentId: id } = await payIn(tx, ctx, { consNo: line.consNo, amountFen: line.amountFen, method: 'BANK' }, now());
            const [row] = await tx.query<{ serial: string }>(
              `INSERT INTO billing_bank_line (serial, import_id, line_no, cons_no, amount_fen, payment_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (serial) DO NOTHING RETURNING serial`,
              [line.serial, importId, line.lineNo, line.consNo, line.amountFen, id, now()],
            );
            if (!row) throw conflict('该流水号已导入过，未重复销账');
            return id;
          });
          results.push({ ...base, status: 'APPLIED', message: null, paymentId });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const message = error.statusCode === 404 ? '户号不存在或不在您的数据范围内' : error.message;
          results.push({ ...base, status: error.statusCode === 409 ? 'DUPLICATE' : 'ERROR', message, paymentId: null });
        }
      }
      const count = (s: BankLineResult['status']): number => results.filter((r) => r.status === s).length;
      const appliedFen = results.filter((r) => r.status === 'APPLIED').reduce((s, r) => s + (r.amountFen ?? 0), 0);
      await db.query('UPDATE billing_bank_import SET applied = $2, duplicates = $3, errors = $4, applied_fen = $5, results = $6::jsonb WHERE id = $1', [
        importId, count('APPLIED'), count('DUPLICATE'), count('ERROR'), appliedFen, JSON.stringify(results),
      ]);
      return this.bankImport(importId, ctx);
    },

    /** An import, to the person who imported it or to an unrestricted scope. */
    async bankImport(id: string, ctx: Pick<BillingContext, 'actor' | 'scope'>): Promise<BankImport> {
      if (!isId(id)) throw notFound('代扣导入记录');
      const [r] = await db.query<{ id: string; file_name: string; imported_by: string; imported_at: Date; lines: number; applied: number; duplicates: number; errors: number; applied_fen: string; results: BankLineResult[] }>(
        'SELECT id::text AS id, file_name, imported_by, imported_at, lines, applied, duplicates, errors, applied_fen, results FROM billing_bank_import WHERE id = $1',
        [id],
      );
      if (!r || (ctx.scope && r.imported_by !== ctx.actor.username)) throw notFound('代扣导入记录');
      return {
        id: r.id, fileName: r.file_name, importedBy: r.imported_by, importedAt: iso(r.imported_at)!, lines: r.lines, applied: r.applied,
        duplicates: r.duplicates, errors: r.errors, appliedFen: n(r.applied_fen), results: r.results,
      };
    },

    // ---- 解款/对账 --------------------------------------------------------------------------------------------------
    async remittance(scope: BillingScope, query: { date: string; orgUnitCode?: string | undefined }): Promise<RemittanceReport> {
      const where = new SqlConditions().scope('org_path', scope);
      await whereUnderUnit(db, where, 'org_path', query.orgUnitCode);
      where.addWith("paid_at >= (?::date - interval '8 hours') AND paid_at < (?::date + interval '16 hours')", query.date, query.date);
      const rows = await db.query<{ collector: string; method: string; reversed: boolean; payments: number; total: string }>(
        `SELECT collector, method, reversed, count(*)::int AS payments, sum(amount_fen)::text AS total FROM billing_payment ${where.where()}
          GROUP BY collector, method, reversed ORDER BY collector, method`,
        where.params,
      );
      const byCollector = new Map<string, RemittanceReport['rows'][number]>();
      for (const r of rows) {
        const row = byCollector.get(r.collector) ?? { collector: r.collector, payments: 0, totalFen: 0, byMethod: {}, reversed: 0, reversedFen: 0, netFen: 0 };
        byCollector.set(r.collector, row);
        row.payments += r.payments;
        row.totalFen += n(r.total);
        if (r.reversed) {
          row.reversed += r.payments;
          row.reversedFen += n(r.total);
        } else {
          row.netFen += n(r.total);
          const m = row.byMethod[r.method] ?? { payments: 0, totalFen: 0 };
          row.byMethod[r.method] = { payments: m.payments + r.payments, totalFen: m.totalFen + n(r.total) };
        }
      }
      const out = [...byCollector.values()];
      return {
        date: query.date,
        rows: out,
        totals: { payments: out.reduce((s, r) => s + r.payments, 0), netFen: out.reduce((s, r) => s + r.netFen, 0), reversedFen: out.reduce((s, r) => s + r.reversedFen, 0) },
      };
    },

    // ---- 催费 ---------------------------------------------------------------------------------------------------
    async runDunning(ctx: BillingContext, input: { orgUnitCode?: string | undefined }): Promise<{ customers: number; created: Record<string, number>; skippedProtected: number }> {
      const steps = [...settings.dunningSteps].sort((x, y) => x.afterDays - y.afterDays);
      return engine.runInTransaction(db, async (tx) => {
        const at = now();
        const today = cstDate(at);
        const where = new SqlConditions().scope('r.org_path', ctx.scope);
        await whereUnderUnit(tx, where, 'r.org_path', input.orgUnitCode);
        where.add('r.paid_fen < r.amount_fen');
        const todayParam = where.param(today);
        const open = await tx.query<{ cons_no: string; org_unit_code: string; org_path: string; protected_flag: boolean; age: number; episode: string; owe: string }>(
          `SELECT r.cons_no, a.org_unit_code, a.org_path, a.protected_flag, (${todayParam}::date - min(r.due_date))::int AS age,
                  (array_agg(r.id ORDER BY r.ym, r.id))[1]::text AS episode, sum(r.amount_fen - r.paid_fen)::text AS owe
             FROM billing_receivable r JOIN billing_account a ON a.cons_no = r.cons_no
            ${where.where()}
            GROUP BY r.cons_no, a.org_unit_code, a.org_path, a.protected_flag
           HAVING min(r.due_date) < ${todayParam}::date`,
          where.params,
        );
        const done = await tx.query<{ cons_no: string; episode_id: string; step: DunningStep }>(
          'SELECT cons_no, episode_id::text AS episode_id, step FROM billing_dunning WHERE episode_id = ANY($1::bigint[])',
          [open.map((o) => o.episode)],
        );
        const doneSet = new Set(done.map((d) => `${d.cons_no}|${d.episode_id}|${d.step}`));
        const created: Record<string, number> = {};
        let skippedProtected = 0;
        const inserts: Array<{ cons_no: string; org_unit_code: string; org_path: string; episode_id: string; step: DunningStep; status: string; owe_fen: number }> = [];
        for (const o of open) {
          const next = steps.find((s) => !doneSet.has(`${o.cons_no}|${o.episode}|${s.step}`));
          if (!next || next.afterDays > o.age) continue;
          if (next.step === 'NOTICE' && o.protected_flag) {
            skippedProtected++;
            continue;
          }
          const status = next.step === 'CALL' || next.step === 'VISIT' ? 'OPEN' : 'SENT';
          inserts.push({ cons_no: o.cons_no, org_unit_code: o.org_unit_code, org_path: o.org_path, episode_id: o.episode, step: next.step, status, owe_fen: n(o.owe) });
          created[next.step] = (created[next.step] ?? 0) + 1;
        }
        const rows: DunningInsert[] = [];
        for (let i = 0; i < inserts.length; i += 2000) {
          rows.push(
            ...(await tx.query<DunningInsert>(
              `INSERT INTO billing_dunning (cons_no, org_unit_code, org_path, episode_id, step, status, owe_fen, created_at)
               SELECT x.cons_no, x.org_unit_code, x.org_path, x.episode_id, x.step, x.status, x.owe_fen, $2
                 FROM jsonb_to_recordset($1::jsonb) AS x(cons_no text, org_unit_code text, org_path text, episode_id bigint, step text, status text, owe_fen bigint)
               ON CONFLICT (cons_no, episode_id, step) DO NOTHING
               RETURNING id::text AS id, cons_no, org_unit_code, org_path, step, owe_fen`,
              [JSON.stringify(inserts.slice(i, i + 2000)), at],
            )),
          );
        }
        await startDunningTasks(tx, rows.filter((r) => r.step === 'CALL' || r.step === 'VISIT'), at);
        const messages = rows.filter((r) => r.step === 'SMS' || r.step === 'NOTICE');
        const phones = await billingContactPhones(tx, messages.map((m) => m.cons_no));
        await insertEvents(
          tx,
          messages.map((m) => ({
            topic: SMS_TOPIC,
            payload: {
              dunningId: m.id, consNo: m.cons_no, orgPath: m.org_path, phone: phones.get(m.cons_no) ?? '', kind: m.step,
              text: dunningText(m.step as 'SMS' | 'NOTICE', m.cons_no, n(m.owe_fen), today, settings.noticeDays),
            },
          })),
          at,
        );
        const notices = rows.filter((r) => r.step === 'NOTICE').map((r) => r.cons_no);
        if (notices.length > 0) {
          // 停电通知 starts the notice period (the 停电 rules count from it).
          await tx.query('UPDATE billing_account SET notice_at = $2, version = version + 1, updated_at = $2 WHERE cons_no = ANY($1::text[]) AND notice_at IS NULL', [notices, at]);
        }
        return { customers: open.length, created, skippedProtected };
      });
    },

    async dunningActions(scope: BillingScope, query: { step?: DunningStep | undefined; status?: DunningAction['status'] | undefined; page: number; pageSize: number }) {
      const where = new SqlConditions().scope('d.org_path', scope);
      if (query.step) where.addWith('d.step = ?', query.step);
      if (query.status) where.addWith('d.status = ?', query.status);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_dunning d ${where.where()}`, where.params);
      const rows = await db.query<DunningRow>(
        `SELECT ${DUNNING_COLUMNS} FROM billing_dunning d JOIN billing_account a ON a.cons_no = d.cons_no ${where.where()}
          ORDER BY d.status = 'OPEN' DESC, d.id DESC LIMIT ${where.param(query.pageSize)} OFFSET ${where.param((query.page - 1) * query.pageSize)}`,
        where.params,
      );
      return { items: rows.map(toDunning), total: count?.n ?? 0, page: query.page, pageSize: query.pageSize };
    },

    /**
     * 电话/上门催费 done (If-Match), with its result — through its bound task (ADR 0060): only a handler of the open
     * task (the 收费催费员 of the 供电所, the 台区经理 it was given to) completes it. Items from before (no process)
     * complete by the right alone.
     */
    async completeDunning(ctx: BillingContext, id: string, note: string): Promise<DunningAction> {
      await engine.runInTransaction(db, async (tx) => {
        const d = await dunningIn(tx, id, ctx.scope, true);
        requireVersion(ctx, d.version, '催费记录已被他人更新，请刷新后重试');
        if (d.status !== 'OPEN') throw conflict(`该${DUNNING_STEPS[d.step]}已办理`);
        const task = await engine.findOpenTask(tx, businessKeys.dunning(id));
        if (task) {
          const principal = await mayActOn(tx, ctx, task);
          await engine.complete(tx, principal, task.id, { outcome: 'done', opinion: note, domain: 'billing', views: false });
        }
        await tx.query(`UPDATE billing_dunning SET status = 'DONE', done_by = $2, done_at = $3, note = $4, version = version + 1 WHERE id = $1`, [id, ctx.actor.username, now(), note]);
      });
      return toDunning(await dunningIn(db, id, ctx.scope));
    },

    async smsMessages(scope: BillingScope, query: { consNo?: string | undefined; page: number; pageSize: number }): Promise<{ items: SmsMessage[]; total: number; page: number; pageSize: number }> {
      const where = new SqlConditions().scope('org_path', scope);
      if (query.consNo) where.addWith('cons_no = ?', query.consNo);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_sms_message ${where.where()}`, where.params);
      const rows = await db.query<{ id: string; cons_no: string; phone: string; text: string; kind: SmsMessage['kind']; status: SmsMessage['status']; created_at: Date }>(
        `SELECT id::text AS id, cons_no, phone, text, kind, status, created_at FROM billing_sms_message ${where.where()} ORDER BY id DESC
          LIMIT ${where.param(query.pageSize)} OFFSET ${where.param((query.page - 1) * query.pageSize)}`,
        where.params,
      );
      return {
        items: rows.map((r) => ({ id: r.id, consNo: r.cons_no, phone: maskPhone(r.phone), text: r.text, kind: r.kind, status: r.status, createdAt: iso(r.created_at)! })),
        total: count?.n ?? 0,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  };
}

export type CollectionOperations = ReturnType<typeof createCollectionOperations>;
