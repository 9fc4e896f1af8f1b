import { CONNECTION_NODES, CONNECTION_VARIANTS, type ApplicationDetail, type CapacityOption, type ConnectionVariant } from '@wb/contracts/connection';
import type { Task } from '@wb/contracts/workflow';

/** A few applications, 台区 and 线路 for the dev harness and component tests (fixed, no randomness). */
export interface ConnectionDataset {
  applications: ApplicationDetail[];
  tgs: CapacityOption[];
  lines: CapacityOption[];
}

const ACCEPTED = '2026-03-02T01:00:00.000Z';

/**
 * The open task of an application at `nodeKey`, as the service answers it to the mock's user: a candidate who
 * may act (`mayAct`), bound to 业扩报装. Null once the process ended.
 */
export function connectionOpenTask(appNo: string, variant: ConnectionVariant, nodeKey: keyof typeof CONNECTION_NODES | null, version = 1): Task | null {
  if (!nodeKey) return null;
  return {
    id: `task-${appNo}-${nodeKey}`, instanceId: `inst-${appNo}`, processKey: variant, processName: `业扩报装（${CONNECTION_VARIANTS[variant].name}）`,
    processVersion: 1, nodeKey, nodeName: CONNECTION_NODES[nodeKey], businessKey: appNo, businessTitle: appNo, orgUnitCode: '334010101',
    orgUnitName: '江北城关供电所', state: 'OPEN', assignee: null, assigneeName: null, candidates: '业扩报装办理岗位（江北城关供电所）', outcomes: [],
    createdAt: ACCEPTED, claimedAt: null, completedAt: null, dueAt: null, slaState: 'NORMAL', variables: {}, version,
    mayAct: true, switchPost: null, bound: { domain: 'connection', title: '业扩报装' },
  };
}

function application(i: number, variant: ConnectionVariant, nodeKey: keyof typeof CONNECTION_NODES): ApplicationDetail {
  const hv = variant.startsWith('yk-hv');
  const appNo = `YK20260302${String(i).padStart(5, '0')}`;
  return {
    appNo,
    variant,
    variantName: CONNECTION_VARIANTS[variant].name,
    consName: hv ? `江州市示例制造有限公司${i}` : `示例户${i}`,
    address: `江北县城关镇人民路${i}号`,
    category: variant === 'yk-lv-resident' ? '低压居民' : variant === 'yk-lv-nonresident' ? '低压非居民' : '高压',
    applyCap: hv ? 400 : 8,
    capUnit: hv ? 'kVA' : 'kW',
    orgUnitCode: '334010101',
    orgUnitName: '江北城关供电所',
    status: 'IN_PROGRESS',
    nodeKey,
    nodeName: CONNECTION_NODES[nodeKey],
    slaState: i % 4 === 0 ? 'OVERDUE' : i % 3 === 0 ? 'WARNING' : 'NORMAL',
    nodeDueAt: '2026-03-03T01:00:00.000Z',
    dueAt: '2026-03-09T01:00:00.000Z',
    acceptedAt: ACCEPTED,
    consNo: null,
    version: 2,
    certType: hv ? 'USCC' : 'ID_CARD',
    certNo: hv ? '91330100MA2B0R2L1X' : '330102199001011234',
    elecType: hv ? '300' : '100',
    voltageCode: hv ? 'AC00101' : 'AC00022',
    dualSource: variant === 'yk-hv-dual',
    contactName: `联系人${i}`,
    contactMobile: '13812345678',
    tgId: null,
    lineId: null,
    suspendedReason: null,
    createdBy: 'yk01',
    steps: { accept: { byName: '李强', at: ACCEPTED, opinion: '受理登记（一证受理）' } },
    stepLog: [{ node: 'accept', data: { byName: '李强', at: ACCEPTED, opinion: '受理登记（一证受理）' } }],
    openTask: connectionOpenTask(appNo, variant, nodeKey),
    history: [],
  };
}

export function createConnectionDataset(): ConnectionDataset {
  return {
    applications: [
      application(1, 'yk-lv-resident', 'survey'),
      application(2, 'yk-lv-resident', 'install'),
      application(3, 'yk-lv-nonresident', 'scheme'),
      application(4, 'yk-hv-single', 'design-review'),
      application(5, 'yk-hv-dual', 'approve'),
    ],
    tgs: [
      { id: '33401010100001', name: '人民路1号公变', orgUnitCode: '334010101', capacityKva: 400, openKva: 120 },
      { id: '33401010100002', name: '人民路2号公变', orgUnitCode: '334010101', capacityKva: 200, openKva: 6 },
    ],
    lines: [{ id: 'XL3340101001', name: '10kV城关Ⅰ线（110kV江北变）', orgUnitCode: '3340101', capacityKva: 8000, openKva: 2800 }],
  };
}
