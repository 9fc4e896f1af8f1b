/**
 * 电费账务 as a workflow domain (ADR 0021, ADR 0049, ADR 0060): its six processes are bound to the billing service. 抄表复核
 * is completed only by `POST …/readings/:consNo/:ym/review`, 量费审核 by `POST …/calc-batches/:id/audit`, 停电 and
 * 复电 by `POST …/orders/:id/complete`, 电话/上门催费 by `POST …/dunning/:id/complete` — each checks billing's rules (the reading not yet issued, the batch's
 * exceptions, arrears still open before a cut-off) and moves the engine in the same transaction. The generic
 * workflow API shows the work only under billing's limits: `df:bill:view` and the `bill` data scope.
 */
import { BILLING_PROCESSES, BILLING_RESOURCE_TYPE, DF_BILL_VIEW } from '@wb/contracts/billing';
import type { WorkflowDomain } from '../workflow/index.ts';

const PREFIX = '/api/svc/billing/v1';

export const BILLING_DOMAIN: WorkflowDomain = {
  name: 'billing',
  title: '电费账务',
  processKeys: Object.values(BILLING_PROCESSES),
  permission: DF_BILL_VIEW,
  scopeResource: BILLING_RESOURCE_TYPE,
  commandOf(task, action) {
    if (action !== 'complete') return null;
    // Business keys (operations.ts `businessKeys`): `<户号>-<年月>`, `HS<batch>`, `TD<order>` / `FD<order>`, `CF<催费>`.
    const id = encodeURIComponent(task.businessKey.replace(/^(HS|TD|FD)/, ''));
    if (task.nodeKey === 'review') {
      const [consNo, ym] = task.businessKey.split('-');
      return `POST ${PREFIX}/readings/${consNo ?? ''}/${ym ?? ''}/review`;
    }
    if (task.nodeKey === 'audit') return `POST ${PREFIX}/calc-batches/${id}/audit`;
    // 催费 (ADR 0060): `CF<dunning id>`.
    if (task.nodeKey === 'call' || task.nodeKey === 'visit') return `POST ${PREFIX}/dunning/${encodeURIComponent(task.businessKey.replace(/^CF/, ''))}/complete`;
    return `POST ${PREFIX}/orders/${id}/complete`;
  },
  fieldLabels: { consNo: '户号', ym: '年月', exception: '示数异常', kind: '工单类型', opinion: '意见', currIndex: '本月示数', approved: '审核通过户数', note: '执行说明', step: '催费方式', oweYuan: '欠费金额（元）', tgId: '台区' },
  valueLabels: { exception: { ZERO: '零度', JUMP: '突增', REVERSE: '倒走', ESTIMATED: '估抄' }, kind: { CUTOFF: '欠费停电', RESTORE: '复电' }, step: { CALL: '电话催费', VISIT: '上门催费' } },
};
