import { MOCK_ORG_ROWS } from '../org-tree.ts';
import { APPLICATION_STATUSES, CONNECTION_NODES, CONNECTION_VARIANTS, variantNodes } from '@wb/contracts/connection';
import { INDICATOR_DEFINITIONS, monthsUpTo, type IndicatorCode, type IndicatorDefinition, type IndicatorItem, type KioskApplication, type KioskOutage, type KioskTariff, type OrgNode } from '@wb/contracts/indicators';

/**
 * A small 运营监测 world for the indicators mock: the city, two county companies and four 供电所 of the demo org
 * tree, five indicators that between them take every way a card shows (a rate, a real-time count, an amount with
 * parts, one without a data source), deterministic values per unit, month and indicator, a few items behind them,
 * and the 营业厅 kiosk's 停电信息, 电价 and one 业扩 application. Times are relative to the moment it is made.
 */
export interface MockIndicatorOrg extends OrgNode {
  parent: string | null;
}

export interface MockKioskApplication {
  application: KioskApplication;
  /** The mobile number it was registered with: the lookup asks for its last 4 digits. */
  mobile: string;
}

export interface IndicatorsDataset {
  definitions: IndicatorDefinition[];
  /** Thresholds per indicator (`green` and `amber`, in the indicator's unit). */
  targets: Map<IndicatorCode, { green: number; amber: number }>;
  orgs: MockIndicatorOrg[];
  /** The caller's top unit (its data scope): the city. */
  root: string;
  /** The current month (`YYYYMM`, China time) and the eleven before it. */
  months: string[];
  items: Map<IndicatorCode, IndicatorItem[]>;
  outages: KioskOutage[];
  tariffs: KioskTariff[];
  applications: MockKioskApplication[];
  recent: Array<{ at: string; text: string }>;
}

const HOUR = 3_600_000;

/** The service's indicators the mock serves (the shared 口径, contracts' INDICATOR_DEFINITIONS). */
const DEFINITIONS: IndicatorDefinition[] = INDICATOR_DEFINITIONS.filter((d) =>
  (['YK_ONTIME', 'YK_OVERDUE', 'TK_TIMELY', 'BILL_ARREARS', 'LINE_LOSS'] as IndicatorCode[]).includes(d.code),
);

const TARGETS: Array<[IndicatorCode, number, number]> = [
  ['YK_ONTIME', 95, 90],
  ['YK_OVERDUE', 0, 3],
  ['TK_TIMELY', 98, 95],
  ['BILL_ARREARS', 500_000, 2_000_000],
  ['LINE_LOSS', 6, 8],
];

/** The units of 运营监测's world: the city, two county companies and their four 供电所 of the shared tree. */
const ORGS = MOCK_ORG_ROWS.filter(([code]) => ['33401', '3340101', '334010101', '334010102', '3340102', '334010201', '334010202'].includes(code));

/** A number in [0, 1) that depends only on the text: the same unit, month and indicator always read the same. */
function unitInterval(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h / 2 ** 32;
}

/** A 供电所's figures for a month: numerator and denominator of a rate, or the amount or count itself. */
export function stationFigures(code: IndicatorCode, org: string, ym: string): { numerator: number; denominator: number } {
  const r = unitInterval(`${code}/${org}/${ym}`);
  const share = unitInterval(`share/${code}/${org}/${ym}`);
  switch (code) {
    case 'YK_ONTIME': {
      const denominator = 20 + Math.floor(r * 20);
      return { denominator, numerator: Math.round(denominator * (0.85 + share * 0.15)) };
    }
    case 'TK_TIMELY': {
      const denominator = 80 + Math.floor(r * 60);
      return { denominator, numerator: Math.round(denominator * (0.92 + share * 0.08)) };
    }
    case 'YK_OVERDUE':
      return { numerator: Math.floor(r * 4), denominator: 1 };
    case 'BILL_ARREARS':
      return { numerator: Math.round(200_000 + r * 900_000), denominator: 1 };
    default:
      return { numerator: 0, denominator: 0 };
  }
}

const CHINA = 8 * HOUR;
const chinaYm = (at: Date): string => new Date(at.getTime() + CHINA).toISOString().slice(0, 7).replace('-', '');

export function createIndicatorsDataset(now = new Date()): IndicatorsDataset {
  const orgs: MockIndicatorOrg[] = ORGS.map(([code, name, type, parent]) => {
    const path: string[] = [];
    for (let at: string | null = code; at; at = ORGS.find(([c]) => c === at)?.[3] ?? null) path.unshift(at);
    return { code, name, type, parent, path: `/${path.join('/')}`, hasChildren: ORGS.some(([, , , p]) => p === code) };
  });
  const months = monthsUpTo(chinaYm(now), 12).reverse();
  const at = (hours: number): string => new Date(now.getTime() + hours * HOUR).toISOString();
  const yk = (n: number, org: MockIndicatorOrg, days: number): IndicatorItem => {
    const key = `YK${months[0]}${String(n).padStart(5, '0')}`;
    return { kind: 'yk', key, title: `居民新装 · 测试户${n}`, orgName: org.name, day: at(-24 * days).slice(0, 10), detail: `超期 ${days} 个工作日`, link: `/app/new-connection/applications/${key}` };
  };
  const ticket = (n: number, org: MockIndicatorOrg): IndicatorItem => {
    const key = `2026${String(n).padStart(12, '0')}`;
    return { kind: 'ticket', key, title: '故障报修 · 超时办结', orgName: org.name, day: at(-48).slice(0, 10), detail: '超时 35 分钟', link: `/app/service-tickets/tickets/${key}` };
  };
  const stations = orgs.filter((o) => o.type === 'STATION');
  return {
    definitions: DEFINITIONS.map((d) => ({ ...d })),
    targets: new Map(TARGETS.map(([code, green, amber]) => [code, { green, amber }])),
    orgs,
    root: '33401',
    months,
    items: new Map<IndicatorCode, IndicatorItem[]>([
      ['YK_OVERDUE', stations.flatMap((o, i) => [yk(i * 2 + 1, o, 2 + i), yk(i * 2 + 2, o, 1)])],
      ['YK_ONTIME', stations.slice(0, 2).map((o, i) => yk(50 + i, o, 3))],
      ['TK_TIMELY', stations.map((o, i) => ticket(i + 1, o))],
    ]),
    outages: [
      { id: '9101', kindName: '故障停电', status: 'ACTIVE', statusName: '停电中', orgUnitName: '江北城关供电所', area: '城关镇解放路 1–88 号', startAt: at(-1), endAt: at(3), reason: '10kV 线路故障抢修' },
      { id: '9102', kindName: '计划停电', status: 'PLANNED', statusName: '未开始', orgUnitName: '临川城区供电所', area: '临川城区东湖小区', startAt: at(26), endAt: at(32), reason: '配电变压器增容改造' },
    ],
    tariffs: [
      {
        code: 'RES-LV',
        name: '居民生活用电（不满 1 千伏）',
        lines: [
          { label: '第一档电价', price: '0.5383 元/千瓦时' },
          { label: '第二档（231–400 千瓦时/月）加价', price: '0.0500 元/千瓦时' },
          { label: '第三档（400 千瓦时/月以上）加价', price: '0.3000 元/千瓦时' },
        ],
        note: '居民 · 现行电价',
      },
      {
        code: 'GEN-LV',
        name: '一般工商业用电（不满 1 千伏）',
        lines: [
          { label: '高峰时段', price: '1.0150 元/千瓦时' },
          { label: '平段时段', price: '0.6512 元/千瓦时' },
          { label: '低谷时段', price: '0.3245 元/千瓦时' },
        ],
        note: '工商业 · 现行电价',
      },
    ],
    applications: [
      {
        mobile: '13800005678',
        // As the service reads it from 业扩: the variant's steps, 受理登记 done at acceptance, now at 现场勘查.
        application: {
          appNo: `YK${months[0]}00001`,
          busiType: CONNECTION_VARIANTS['yk-lv-resident'].name,
          statusName: APPLICATION_STATUSES.IN_PROGRESS,
          currentStep: CONNECTION_NODES.survey,
          acceptedAt: at(-50),
          steps: variantNodes('yk-lv-resident').map((n) => ({ name: CONNECTION_NODES[n], doneAt: n === 'accept' ? at(-50) : null })),
        },
      },
    ],
    recent: [
      { at: at(-0.1), text: '江北城关供电所 受理 低压居民新装 1 件' },
      { at: at(-0.5), text: '临川城区供电所 办结 故障报修 1 件' },
    ],
  };
}
