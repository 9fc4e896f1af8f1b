/**
 * What each 业扩 step checks and records before its workflow task is completed. A handler runs inside the
 * step's transaction with the locked application row; it returns the step data (kept in `steps[node]` and
 * in the engine's history), the columns it changes, and the outcome for the process gateway.
 */
import { AppError } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import type { STEP_SCHEMAS } from '@wb/contracts/connection';
import { ErrorCode } from '@wb/contracts';
import { SURVEY_RESULTS, type StepNode } from '@wb/contracts/connection';
import type { z } from 'zod';
import { createCustomerFromConnection, meterAssetInUse, openCapacity } from '../customer/index.ts';
import { listLines, reservedCapacity, type ApplicationRow } from './repository.ts';

export interface StepEffect {
  step: Record<string, unknown>;
  patch: Partial<Pick<ApplicationRow, 'tg_id' | 'line_id' | 'reserved' | 'cons_no'>>;
  outcome?: string;
  opinion: string;
}

type Body<N extends StepNode> = z.output<(typeof STEP_SCHEMAS)[N]>;
type Handler<N extends StepNode> = (tx: Queryable, row: ApplicationRow, body: Body<N>, now: Date) => Promise<StepEffect>;

const badField = (field: string, message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { [field]: message });
const isHighVoltage = (row: ApplicationRow): boolean => row.category === '高压';
/** County company of a 供电所: the first 7 digits of its code. */
const countyOf = (orgUnitCode: string): string => orgUnitCode.slice(0, 7);

/** Where the application is supplied from: a line of its county (high voltage) or a 公变 台区 of its 供电所. */
async function placement(tx: Queryable, row: ApplicationRow, body: { tgId?: string | undefined; lineId?: string | undefined }): Promise<Pick<StepEffect, 'step' | 'patch'>> {
  if (isHighVoltage(row)) {
    if (!body.lineId) throw badField('lineId', '高压用户请选择供电线路');
    const [line] = await listLines(tx, [countyOf(row.org_unit_code)], body.lineId);
    if (!line) throw badField('lineId', '该线路不属于申请所在县公司');
    return { step: { lineId: line.line_id, lineName: line.line_name }, patch: { line_id: line.line_id } };
  }
  if (!body.tgId) throw badField('tgId', '低压用户请选择台区');
  const tg = await openCapacity(tx, body.tgId);
  if (!tg || tg.orgUnitCode !== row.org_unit_code || tg.tgType !== '公变') throw badField('tgId', '该台区不属于申请所在供电所');
  return { step: { tgId: tg.tgId, tgName: tg.tgName }, patch: { tg_id: tg.tgId } };
}

const survey: Handler<'survey'> = async (tx, row, body) => {
  const step: Record<string, unknown> = { result: body.result, resultName: SURVEY_RESULTS[body.result], photoNote: body.photoNote, opinion: body.opinion };
  const placed = await placement(tx, row, body);
  return { step: { ...step, ...placed.step }, patch: placed.patch, opinion: body.opinion };
};

/** 可开放容量 left for this application: the 台区's (customer port) or the line's, minus other approved schemes. */
export async function availableCapacity(tx: Queryable, row: ApplicationRow): Promise<{ name: string; openKva: number } | undefined> {
  if (isHighVoltage(row)) {
    if (!row.line_id) return undefined;
    const [line] = await listLines(tx, undefined, row.line_id);
    if (!line) return undefined;
    const reserved = await reservedCapacity(tx, 'line_id', line.line_id, row.app_no);
    return { name: line.line_name, openKva: Math.max(0, line.capacity_kva - line.connected_kva - reserved) };
  }
  if (!row.tg_id) return undefined;
  const tg = await openCapacity(tx, row.tg_id);
  if (!tg) return undefined;
  const reserved = await reservedCapacity(tx, 'tg_id', tg.tgId, row.app_no);
  return { name: tg.tgName, openKva: Math.max(0, Math.floor(tg.openKva - reserved)) };
}

const scheme: Handler<'scheme'> = async (tx, row, body) => {
  const where = isHighVoltage(row) ? '线路' : '台区';
  // 方案 may supply the application from another 台区 or line than the survey's (issue 17), checked the same way.
  if (isHighVoltage(row) ? body.tgId : body.lineId) throw badField(isHighVoltage(row) ? 'lineId' : 'tgId', `请选择供电${where}`);
  const moved = (isHighVoltage(row) ? body.lineId && body.lineId !== row.line_id : body.tgId && body.tgId !== row.tg_id)
    ? await placement(tx, row, body)
    : { step: {}, patch: {} };
  const available = await availableCapacity(tx, { ...row, ...moved.patch });
  if (!available) throw new AppError(409, ErrorCode.Conflict, `现场勘查未确定${where}，请退回勘查环节`);
  const unit = isHighVoltage(row) ? 'kVA' : 'kW';
  if (Number(row.apply_cap) > available.openKva) {
    const message = `申请容量 ${Number(row.apply_cap)} ${unit} 超过${where}「${available.name}」的可开放容量 ${available.openKva} kVA，请调整供电方案或更换${where}`;
    // Under the 台区/线路 select of the 方案 form too: that is where it is fixed.
    throw new AppError(400, ErrorCode.BadRequest, message, { applyCap: message, [isHighVoltage(row) ? 'lineId' : 'tgId']: message });
  }
  return { step: { scheme: body.scheme, ...moved.step, openKva: available.openKva, opinion: body.opinion }, patch: { ...moved.patch, reserved: true }, opinion: body.opinion };
};

const approve: Handler<'approve'> = async (_tx, _row, body) => ({
  step: { outcome: body.outcome, outcomeName: body.outcome === 'pass' ? '通过' : '退回', opinion: body.opinion },
  patch: {},
  outcome: body.outcome,
  opinion: body.opinion,
});

const record =
  <N extends StepNode>(): Handler<N> =>
  async (_tx, _row, body) => ({ step: { ...body }, patch: {}, opinion: (body as { opinion?: string }).opinion ?? '' });

const install: Handler<'install'> = async (tx, _row, body) => {
  if (await meterAssetInUse(tx, body.meterAssetNo)) throw badField('meterAssetNo', '该电能表资产编号已在档案中使用');
  return { step: { ...body }, patch: {}, opinion: body.opinion };
};

/** 归档: 建档立户 through the customer port, in this transaction; the new 户号 is searchable after commit. */
const archive: Handler<'archive'> = async (tx, row, body, now) => {
  const installed = row.steps.install as { meterAssetNo?: string; installedOn?: string } | undefined;
  if (!installed?.meterAssetNo) throw new AppError(409, ErrorCode.Conflict, '装表接电信息缺失，无法归档');
  if (await meterAssetInUse(tx, installed.meterAssetNo)) {
    throw new AppError(409, ErrorCode.Conflict, `电能表资产编号 ${installed.meterAssetNo} 已在档案中使用，请退回装表接电环节更正`);
  }
  const { consNo, tgId } = await createCustomerFromConnection(tx, {
    name: row.cons_name,
    address: row.address,
    phone: row.contact_mobile,
    category: row.category,
    elecType: row.elec_type,
    voltageCode: row.voltage_code,
    contractCap: Number(row.apply_cap),
    orgUnitCode: row.org_unit_code,
    tgId: row.tg_id ?? undefined,
    meterAssetNo: installed.meterAssetNo,
    powerOnDate: installed.installedOn ?? now.toISOString().slice(0, 10),
  });
  if (isHighVoltage(row) && row.line_id) {
    await tx.query('UPDATE line SET connected_kva = connected_kva + $2 WHERE line_id = $1', [row.line_id, Math.round(Number(row.apply_cap))]);
  }
  return { step: { consNo, tgId, opinion: body.opinion }, patch: { cons_no: consNo, tg_id: tgId, reserved: false }, opinion: body.opinion };
};

export const STEP_HANDLERS: { [N in StepNode]: Handler<N> } = {
  survey,
  scheme,
  approve,
  reply: record<'reply'>(),
  'design-review': record<'design-review'>(),
  'mid-check': record<'mid-check'>(),
  'completion-check': record<'completion-check'>(),
  contract: record<'contract'>(),
  install,
  archive,
  revisit: record<'revisit'>(),
};
