// Shared props of this app's component tests (not shipped: imported by *.test.tsx only).
import { INDICATORS_SERVICE, OPS_INDICATOR_VIEW, OPS_KIOSK_VIEW } from '@wb/contracts/indicators';
import { servicePath } from '@wb/contracts';

export const BASE = '/app/ops-monitor';
export const API = servicePath(INDICATORS_SERVICE);

const manager = { code: 'MGR_VIEW', name: '营销管理人员', orgUnitCode: '33401', orgUnitName: '国网江州供电公司' };
const terminal = { code: 'KIOSK', name: '自助终端', orgUnitCode: '3340181', orgUnitName: '江州供电营业厅' };

/** Props for `renderMicroApp`: the city manager (运营监测) or the 营业厅 terminal (kiosk), or `permissions` of one's own. */
export const opsProps = (who: 'manager' | 'terminal', permissions = [who === 'manager' ? OPS_INDICATOR_VIEW : OPS_KIOSK_VIEW]) => {
  const post = who === 'manager' ? manager : terminal;
  return { appId: 'ops-monitor', services: { [INDICATORS_SERVICE.name]: API }, session: { permissions, posts: [post], activePost: post } };
};
