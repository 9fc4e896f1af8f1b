/**
 * Demo applications in flight (docs/glossary.md "Seed data"): about 50 across the four variants and every node,
 * most in 江北城关供电所 (334010101, where the demo accounts yk01/yk02/jl01 work), a fifth backdated so that
 * they are near or over their end-to-end limit, and some suspended by the customer. Deterministic (no
 * randomness: everything derives from the index), driven through the same domain operations as the API,
 * by a system actor. Skips when applications exist. Needs the customer archive and the deployed processes.
 */
import { CONNECTION_VARIANTS, variantNodes, type ConnectionCategory, type ConnectionNode, type ConnectionVariant, type StepNode } from '@wb/contracts/connection';
import type { Db, Queryable } from '@wb/server-kit';
import { publicTgsOf } from '../customer/index.ts';
import type { WorkflowEngine } from '../workflow/index.ts';
import { createConnectionOperations, type CreateApplicationInput } from './operations.ts';
import { SEED_ACTOR } from './processes.ts';
import { listLines } from './repository.ts';

export interface ConnectionSeedReport {
  skipped: boolean;
  applications: number;
  suspended: number;
  backdated: number;
  elapsedMs: number;
}

const DAY_MS = 86_400_000;
const STATIONS = ['334010101', '334010101', '334010101', '334010102', '334010201', '334010101', '334010301', '334010103', '334010202', '334010302'];
/** Variant of application i: 28 低压居民, 10 低压非居民, 8 高压单电源, 4 高压双电源 in 50. */
const VARIANT_CYCLE: ConnectionVariant[] = ['yk-lv-resident', 'yk-lv-nonresident', 'yk-lv-resident', 'yk-hv-single', 'yk-lv-resident'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '文博', '春梅', '国庆', '晓东', '雪梅', '永刚', '淑珍'];
const COMPANIES = ['江州市恒达机械有限公司', '江北县绿源农业合作社', '临川县新华超市', '青山县宏远建材有限公司', '江州市德润食品有限公司', '江北县便民药房'];
const ROADS = ['人民路', '解放路', '建设路', '滨江路', '新华街', '工业大道'];

/** ID card number with a valid check character (GB 11643), derived from the index. */
export function demoIdCardNo(i: number): string {
  const body = `330102${1960 + (i % 40)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 27) + 1).padStart(2, '0')}${String(100 + i).slice(-3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, k) => acc + w * Number(body[k]), 0);
  return body + '10X98765432'[sum % 11];
}

/** 统一社会信用代码 with a valid check character (GB 32100), derived from the index. */
export function demoUscc(i: number): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = `91330100MA2${String(1000 + i).padStart(4, '0')}X${String(i % 10)}`.slice(0, 17);
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = weights.reduce((acc, w, k) => acc + w * chars.indexOf(body[k] as string), 0);
  return body + chars[(31 - (sum % 31)) % 31];
}

function variantOfIndex(i: number): ConnectionVariant {
  if (i % 12 === 11) return 'yk-hv-dual';
  return VARIANT_CYCLE[i % VARIANT_CYCLE.length] as ConnectionVariant;
}

function applicationInput(i: number, variant: ConnectionVariant, orgUnitCode: string): CreateApplicationInput {
  const category: ConnectionCategory = variant === 'yk-lv-resident' ? '低压居民' : variant === 'yk-lv-nonresident' ? '低压非居民' : '高压';
  const person = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 5) % GIVEN.length]}`;
  const company = COMPANIES[i % COMPANIES.length] as string;
  const road = ROADS[i % ROADS.length] as string;
  const base = {
    address: category === '低压居民' ? `${road}${10 + i}号${1 + (i % 9)}幢${1 + (i % 3)}单元${101 + (i % 6) * 100}室` : `${road}${100 + i * 3}号`,
    orgUnitCode,
    contactName: person,
    contactMobile: `13${String(800000000 + i * 7919).slice(0, 9)}`,
    dualSource: variant === 'yk-hv-dual',
  };
  if (category === '低压居民') {
    return { ...base, certType: 'ID_CARD', certNo: demoIdCardNo(i), consName: person, category, elecType: '100', voltageCode: 'AC00022', applyCap: [4, 6, 8, 10][i % 4] as number };
  }
  if (category === '低压非居民') {
    return { ...base, certType: 'USCC', certNo: demoUscc(i), consName: company, category, elecType: i % 3 === 0 ? '400' : '200', voltageCode: 'AC00038', applyCap: [15, 20, 30, 50][i % 4] as number };
  }
  return { ...base, certType: 'USCC', certNo: demoUscc(i), consName: company.replace(/(便民药房|新华超市)$/, '制造有限公司'), category, elecType: '300', voltageCode: 'AC00101', applyCap: [250, 315, 400, 630][i % 4] as number };
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

function stepBody(node: StepNode, i: number, at: Date, place: { tgId?: string; lineId?: string }): Record<string, unknown> {
  switch (node) {
    case 'survey':
      return { result: 'READY', ...place, photoNote: '表箱位置、进线方式已拍照', opinion: '现场具备供电条件' };
    case 'scheme':
      return { scheme: '由就近公变/线路供电，计量装置安装于产权分界点', opinion: '' };
    case 'approve':
      return { outcome: 'pass', opinion: '同意' };
    case 'reply':
      return { replyMethod: '短信', replyDate: isoDay(at), opinion: '' };
    case 'design-review':
    case 'mid-check':
    case 'completion-check':
      return { checkedOn: isoDay(at), opinion: '符合要求' };
    case 'contract':
      return { contractNo: `HT${isoDay(at).replaceAll('-', '')}${String(i).padStart(4, '0')}`, signedOn: isoDay(at), opinion: '' };
    case 'install':
      return { meterAssetNo: `3390${String(i).padStart(9, '0')}`, initialReading: 0, installedOn: isoDay(at), opinion: '' };
    case 'archive':
      return { opinion: '' };
    case 'revisit':
      return { satisfaction: '满意', opinion: '' };
  }
}

export interface ConnectionSeedOptions {
  /** Applications to create; default 50. */
  applications?: number;
  /** The clock of the seed (default: now); backdated starts are relative to it. */
  now?: Date;
}

export async function seedConnections(db: Db, engine: WorkflowEngine, options: ConnectionSeedOptions = {}): Promise<ConnectionSeedReport> {
  const started = performance.now();
  const total = options.applications ?? 50;
  const now = options.now ?? new Date();
  // One transaction for the whole seed: all applications or none (never a partial set), and one commit instead
  // of one per operation. The operations are the API's, unchanged: they only share the commit.
  const seeded = await engine.runInTransaction(db, async (tx) => {
    const [existing] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM yk_application');
    if (Number(existing?.n ?? 0) > 0) return { skipped: true, applications: Number(existing?.n), suspended: 0, backdated: 0 };
    return seedIn(tx, db, engine, total, now);
  });
  return { ...seeded, elapsedMs: Math.round(performance.now() - started) };
}

async function seedIn(tx: Queryable, db: Db, engine: WorkflowEngine, total: number, now: Date): Promise<Omit<ConnectionSeedReport, 'elapsedMs'>> {
  const operations = createConnectionOperations({ db, engine, now: () => now, tx });
  const ctx = { actor: SEED_ACTOR, scope: undefined };
  // Capacity the seed reserves per 台区 / 线路, so each scheme passes its check.
  const used = new Map<string, number>();
  let suspended = 0;
  let backdated = 0;
  for (let i = 0; i < total; i += 1) {
    const variant = variantOfIndex(i);
    const orgUnitCode = STATIONS[i % STATIONS.length] as string;
    const input = applicationInput(i, variant, orgUnitCode);
    // One in every five started long ago (rotating its position, so every variant gets some): alternately
    // near (≈ 97 % of the limit in calendar days; holidays in the window leave it in the warning band) and over.
    const limitDays = CONNECTION_VARIANTS[variant].limitWd * (7 / 5);
    const block = Math.floor(i / 5);
    const late = i % 5 === block % 5;
    if (late) backdated += 1;
    const ageDays = late ? limitDays * (block % 2 === 0 ? 0.97 : 1.5) : (i % 3) * 0.3;
    const startedAt = new Date(now.getTime() - ageDays * DAY_MS);
    const { appNo } = await operations.create(ctx, input, { startedAt });
    const nodes = variantNodes(variant).slice(1) as StepNode[];
    const stopAt = nodes.length > 0 ? i % (nodes.length + 1) : 0;
    const place = await placeFor(tx, input, used);
    // Without a 台区 / 线路 (an archive seeded without customers) the application waits at 现场勘查.
    const reachable = place.tgId || place.lineId ? Math.min(stopAt, nodes.length - 1) : 0;
    for (const node of nodes.slice(0, reachable)) {
      await operations.completeStep(ctx, appNo, node, stepBody(node, i, now, place));
    }
    if (i % 9 === 7) {
      await operations.suspend(ctx, appNo, i % 2 ? '客户用电设备未到货，申请暂缓装表' : '客户产权证明待补充，客户申请暂停');
      suspended += 1;
    }
  }
  return { skipped: false, applications: total, suspended, backdated };
}

/** The 台区 (low voltage) or 线路 (high voltage) with the most capacity left after what the seed reserved, if it fits. */
async function placeFor(db: Queryable, input: CreateApplicationInput, used: Map<string, number>): Promise<{ tgId?: string; lineId?: string }> {
  if (input.category === '高压') {
    const lines = await listLines(db, [input.orgUnitCode.slice(0, 7)]);
    const best = lines
      .map((l) => ({ id: l.line_id, left: l.capacity_kva - l.connected_kva - (used.get(l.line_id) ?? 0) }))
      .sort((a, b) => b.left - a.left)[0];
    if (!best || best.left < input.applyCap) return {};
    used.set(best.id, (used.get(best.id) ?? 0) + input.applyCap);
    return { lineId: best.id };
  }
  const tgs = await publicTgsOf(db, input.orgUnitCode);
  const best = tgs.map((t) => ({ id: t.tgId, left: t.openKva - (used.get(t.tgId) ?? 0) })).sort((a, b) => b.left - a.left)[0];
  // A fuller archive (the default 20,000 customers) can leave no 台区 with room: the application then waits at
  // 现场勘查, as a real one would, instead of a scheme the capacity check must refuse.
  if (!best || best.left < input.applyCap) return {};
  used.set(best.id, (used.get(best.id) ?? 0) + input.applyCap);
  return { tgId: best.id };
}

export type { ConnectionNode };
