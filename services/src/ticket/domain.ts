/**
 * 95598 客服工单 as a workflow domain (ADR 0021, ADR 0029): the two ticket processes are bound to this service.
 * Their tasks are completed only through its commands (`…/dispatch:complete`), which check the step's rules,
 * keep the ticket's status and clocks, and move the engine in the same transaction; their instances start only
 * with 受理; the generic workflow API shows their work only under `kf:ticket:view` and the `ticket` data scope.
 */
import { KF_TICKET_VIEW, REVISIT_OUTCOMES, TICKET_PROCESSES, TICKET_RESOURCE_TYPE, TICKET_TYPES, ticketStepOf } from '@wb/contracts/ticket';
import type { WorkflowDomain } from '../workflow/index.ts';

const PREFIX = '/api/svc/ticket/v1/tickets';

const FIELD_LABELS: Record<string, string> = {
  typeName: '业务类型', subTypeName: '业务子类型', consNo: '户号', consName: '户名', address: '地址', orgUnitName: '处理单位',
  opinion: '意见', arrivedAt: '到达时间', restoredAt: '恢复供电时间', cause: '故障原因', result: '处理结果', photoNote: '现场照片说明',
  outcomeName: '结论', revisitOutcomeName: '回访结果', branchUnitName: '办理单位',
};

export const TICKET_DOMAIN: WorkflowDomain = {
  name: 'ticket',
  title: '95598 客服工单',
  processKeys: Object.values(TICKET_PROCESSES),
  permission: KF_TICKET_VIEW,
  scopeResource: TICKET_RESOURCE_TYPE,
  commandOf(task, action) {
    if (action !== 'complete') return null;
    // A 联合办理 branch's node (`accept-2`) is completed by its step's command, naming the branch in the body.
    return `POST ${PREFIX}/${encodeURIComponent(task.businessKey)}/${ticketStepOf(task.nodeKey).node}:complete`;
  },
  fieldLabels: FIELD_LABELS,
  valueLabels: { type: { ...TICKET_TYPES }, revisitOutcome: { ...REVISIT_OUTCOMES } },
};
