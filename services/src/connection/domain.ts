/**
 * 业扩报装 as a workflow domain (ADR 0021): its four processes are bound to this service. Their tasks are
 * completed and returned only through its commands (`…/survey:complete`, `…/return`), which check the step's
 * rules and move the engine in the same transaction; their instances start only with 受理登记; and the generic
 * workflow API shows their work only under 业扩's limits — `yk:apply:view` (the app's zones and channels) and
 * the `yk_apply` data scope.
 */
import { CERT_TYPES, CONNECTION_VARIANTS, SURVEY_RESULTS, YK_RESOURCE_TYPE, YK_VIEW } from '@wb/contracts/connection';
import type { WorkflowDomain } from '../workflow/index.ts';

const PREFIX = '/api/svc/connection/v1/applications';

/** Labels of the variables and step forms the 业扩 processes carry (the inbox's 详情 drawer shows these, never keys). */
const FIELD_LABELS: Record<string, string> = {
  category: '用电类别', applyCap: '申请容量', consName: '户名', address: '用电地址', certType: '证件类型', certNo: '证件号码',
  contactName: '联系人', contactMobile: '联系电话', result: '勘查结果', tgId: '台区编号', tgName: '台区', lineId: '线路编号', lineName: '线路',
  photoNote: '现场照片说明', scheme: '供电方案', openKva: '可开放容量(kVA)', outcomeName: '审批结论', replyMethod: '答复方式', replyDate: '答复日期',
  checkedOn: '检查日期', contractNo: '合同编号', signedOn: '签订日期', meterAssetNo: '电能表资产编号', initialReading: '起始示数',
  installedOn: '装表日期', consNo: '户号', satisfaction: '满意度', resultName: '勘查结果',
};

export const CONNECTION_DOMAIN: WorkflowDomain = {
  name: 'connection',
  title: '业扩报装',
  processKeys: Object.keys(CONNECTION_VARIANTS),
  permission: YK_VIEW,
  scopeResource: YK_RESOURCE_TYPE,
  commandOf(task, action) {
    const at = `${PREFIX}/${encodeURIComponent(task.businessKey)}`;
    if (action === 'complete') return `POST ${at}/${task.nodeKey}:complete`;
    if (action === 'return') return `POST ${at}/return`;
    return null;
  },
  fieldLabels: FIELD_LABELS,
  valueLabels: { certType: { ...CERT_TYPES }, result: { ...SURVEY_RESULTS } },
  // 受理登记's Idempotency-Key records (operations.ts): trimmed by the workflow's retention job (issue 10).
  idempotencyTables: ['yk_idempotency'],
};
