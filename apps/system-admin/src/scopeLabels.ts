import type { DataScopeType } from '@wb/contracts';

/**
 * The data-scope rules in the administrator's words (one list for the role editor, the comparison and the
 * permission explanation). 指定机构 is CUSTOM_ORGS (org units picked by hand, with their subordinates);
 * 本人经办 is ASSIGNED: the business of the person's own workflow tasks (ADR 0073).
 */
export const SCOPE_LABELS: Record<DataScopeType, string> = {
  ALL: '全部',
  ORG: '本单位',
  ORG_AND_CHILD: '本单位及下级',
  CUSTOM_ORGS: '指定机构',
  SELF: '本人',
  ASSIGNED: '本人经办',
  MY_TG: '本人台区',
};

/** What each rule lets the holder see, shown under the choice in the role editor. */
export const SCOPE_HINTS: Record<DataScopeType, string> = {
  ALL: '不限单位，可见全部数据',
  ORG: '仅所在单位（岗位所在单位或授权单位）的数据，不含下级',
  ORG_AND_CHILD: '所在单位及其全部下级单位的数据',
  CUSTOM_ORGS: '在右侧选择的机构及其下级机构的数据',
  SELF: '仅本人创建或本人名下的数据',
  ASSIGNED: '流程中分派给本人、由本人办理过或本人为候选办理人的业务（如业扩申请、95598 工单），新分派的待办立即可见',
  MY_TG: '本人负责台区的数据',
};

export const scopeLabel = (type: string): string => SCOPE_LABELS[type as DataScopeType] ?? type;

/** The resource types the services apply data scope to (their `*_RESOURCE_TYPE` constants), by name. */
export const RESOURCE_TYPE_NAMES: Record<string, string> = {
  cons: '客户档案',
  yk_apply: '业扩申请',
  ticket: '95598 工单',
  bill: '电费账务',
  ind: '运营指标',
  wf_instance: '流程实例（监控）',
};

export const resourceTypeLabel = (type: string): string => (RESOURCE_TYPE_NAMES[type] ? `${RESOURCE_TYPE_NAMES[type]}（${type}）` : type);
