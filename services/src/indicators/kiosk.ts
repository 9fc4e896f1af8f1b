/**
 * 营业厅自助终端 (the kiosk channel, ADR 0061): what a service hall's screen shows customers without a login of their
 * own — the terminal's account holds `ops:kiosk:view`. Everything comes through the owners' ports: 停电信息 from the
 * 95598 desk (current and planned, the whole company), the 电价 catalogue from billing (the versions in force this
 * month), an 业扩 application's progress from connection — only with the last 4 digits of the phone it was
 * registered with, and without personal data; a wrong pair gets the same answer as a number that does not exist.
 */
import { ErrorCode } from '@wb/contracts';
import { TARIFF_KINDS, TIME_BANDS, type Tariff } from '@wb/contracts/billing';
import { APPLICATION_STATUSES, CONNECTION_NODES, variantNodes, type ApplicationStatus, type ConnectionNode } from '@wb/contracts/connection';
import type { KioskApplication, KioskOutage, KioskTariff } from '@wb/contracts/indicators';
import { OUTAGE_KINDS, OUTAGE_STATUSES } from '@wb/contracts/ticket';
import { AppError, type Db } from '@wb/server-kit';
import { TARIFFS, tariffFor } from '../billing/index.ts';
import { createConnectionOperations } from '../connection/index.ts';
import { DEFAULT_TICKET_SETTINGS, createDesk } from '../ticket/index.ts';
import { cstDate, type WorkflowEngine } from '../workflow/index.ts';

const yuan = (e4: number): string => (e4 / 10_000).toFixed(4);
const fen = (f: number): string => (f / 100).toFixed(2);

/** The notice lines of one tariff version (prices in 元/kWh, 4 decimals as published). */
export function tariffLines(t: Tariff): KioskTariff['lines'] {
  const lines: KioskTariff['lines'] = [];
  if (t.flatPriceE4 !== undefined) lines.push({ label: t.tiers ? '第一档电价' : '电度电价', price: `${yuan(t.flatPriceE4)} 元/千瓦时` });
  if (t.touPrices) for (const band of ['peak', 'flat', 'valley'] as const) lines.push({ label: `${TIME_BANDS[band]}时段`, price: `${yuan(t.touPrices[band])} 元/千瓦时` });
  if (t.tiers) {
    const [b1, b2] = t.tiers.bounds;
    const [a2, a3] = t.tiers.addersE4;
    lines.push({ label: `第二档（${b1 + 1}–${b2} 千瓦时/月）加价`, price: `${yuan(a2 ?? 0)} 元/千瓦时` });
    lines.push({ label: `第三档（${b2} 千瓦时/月以上）加价`, price: `${yuan(a3 ?? 0)} 元/千瓦时` });
  }
  if (t.capacityFenPerKva !== undefined) lines.push({ label: '基本电费（按容量）', price: `${fen(t.capacityFenPerKva)} 元/千伏安·月` });
  if (t.demandFenPerKw !== undefined) lines.push({ label: '基本电费（按需量）', price: `${fen(t.demandFenPerKw)} 元/千瓦·月` });
  const funds = t.funds.reduce((s, f) => s + f.priceE4, 0);
  if (funds > 0) lines.push({ label: '政府性基金及附加', price: `${yuan(funds)} 元/千瓦时` });
  return lines;
}

export function createKiosk(deps: { db: Db; engine: WorkflowEngine; now: () => Date }) {
  const { now } = deps;
  const desk = createDesk({ ...deps, settings: DEFAULT_TICKET_SETTINGS });
  const connection = createConnectionOperations(deps);

  return {
    /** 停电中 first, then 未开始 by start time. */
    async outages(): Promise<KioskOutage[]> {
      const [active, planned] = await Promise.all([
        desk.listOutages({ status: 'ACTIVE', page: 1, pageSize: 50 }),
        desk.listOutages({ status: 'PLANNED', page: 1, pageSize: 50 }),
      ]);
      const toKiosk = (o: (typeof active.items)[number]): KioskOutage => ({
        id: o.id,
        kindName: OUTAGE_KINDS[o.kind] ?? o.kindName,
        status: o.status === 'ACTIVE' ? 'ACTIVE' : 'PLANNED',
        statusName: OUTAGE_STATUSES[o.status],
        orgUnitName: o.orgUnitName,
        area: o.area,
        startAt: o.startAt,
        endAt: o.expectedEndAt,
        reason: o.reason,
      });
      return [
        ...active.items.map(toKiosk),
        ...planned.items.map(toKiosk).sort((a, b) => a.startAt.localeCompare(b.startAt)),
      ];
    },

    /** The catalogue's codes, each in the version in force this month. */
    tariffs(): KioskTariff[] {
      const ym = cstDate(now()).slice(0, 7).replace('-', '');
      const codes = [...new Set(TARIFFS.map((t) => t.code))];
      return codes.flatMap((code) => {
        const t = tariffFor(code, ym);
        if (!t) return [];
        return [{ code: t.code, name: t.name, lines: tariffLines(t), note: `${TARIFF_KINDS[t.kind]} · ${t.illustrative ? t.source : '现行电价'}` }];
      });
    },

    async application(appNo: string, phone4: string): Promise<KioskApplication> {
      const a = await connection.detail(appNo, undefined).catch(() => undefined);
      if (!a || !a.contactMobile.endsWith(phone4)) {
        throw new AppError(404, ErrorCode.NotFound, '未找到该申请，请核对申请编号和登记手机号后 4 位');
      }
      const done = new Map<string, string>();
      for (const h of a.history) if (h.action === 'COMPLETE' && h.fromNode && !done.has(h.fromNode)) done.set(h.fromNode, h.at);
      return {
        appNo: a.appNo,
        busiType: a.variantName,
        statusName: APPLICATION_STATUSES[a.status as ApplicationStatus] ?? a.status,
        currentStep: a.nodeKey ? (CONNECTION_NODES[a.nodeKey as ConnectionNode] ?? a.nodeName ?? null) : null,
        acceptedAt: a.acceptedAt,
        steps: variantNodes(a.variant).map((node) => ({ name: CONNECTION_NODES[node], doneAt: done.get(node) ?? (node === 'accept' ? a.acceptedAt : null) })),
      };
    },
  };
}
