import { CONNECTION_NODES, CONNECTION_VARIANTS, type ApplicationDetail, type CapacityOption, type ConnectionVariant } from '@wb/contracts/connection';

/** A few applications, 台区 and 线路 for the dev harness and component tests (fixed, no randomness). */
export interface ConnectionDataset {
  applications: ApplicationDetail[];
  tgs: CapacityOption[];
  lines: CapacityOption[];
}

const ACCEPTED = '2026-03-02T01:00:00.000Z';

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
    openTask: null,
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
