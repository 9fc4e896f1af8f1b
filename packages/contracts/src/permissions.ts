/**
 * Every permission key that code checks, in one place (ADR 0026): services, registry, shell and apps import
 * these names; nobody writes the string again. (Service descriptors live in each feature's contract:
 * `CONNECTION_SERVICE`, `CUSTOMER_SERVICE`, `IAM_SERVICE`, `WORKFLOW_SERVICE`, `APPSTORE_SERVICE`.) The data (names, types, which
 * app declares a key) lives in the identity seed and the manifests; the key itself lives here.
 *
 * Naming: `<domain>:<object>:<action>`; the domain is the feature's short name (see docs/glossary.md:
 * `yk` = 业扩报装 = app `new-connection` = service `connection`; `kf` = 95598 客服 = app `service-tickets` = service `ticket`; `df` = 电费账务 = service `billing`; `cust` = 客户档案; `wf` = workflow; `sys` = 系统管理;
 * `store` = 应用商店).
 */

// 业扩报装 (service `connection`, app `new-connection`).
/** Read applications and their history. */
export const YK_VIEW = 'yk:apply:view';
/** 受理登记: register a new application. */
export const YK_ACCEPT = 'yk:apply:accept';
/** Handle the steps (勘查, 方案, 审批, …). */
export const YK_HANDLE = 'yk:apply:handle';
/** 在途看板. */
export const YK_BOARD = 'yk:board:view';

// 95598 客服工单 (service `ticket`, app `service-tickets`).
/** Read tickets in data scope. */
export const KF_TICKET_VIEW = 'kf:ticket:view';
/** 受理: calls, caller lookup, intake. */
export const KF_TICKET_ACCEPT = 'kf:ticket:accept';
/** 派单, 改派, 审核 (退单). */
export const KF_TICKET_DISPATCH = 'kf:ticket:dispatch';
/** 供电所: 接单, 到达, 处理, 回单. */
export const KF_TICKET_HANDLE = 'kf:ticket:handle';
/** 回访. */
export const KF_TICKET_REVISIT = 'kf:ticket:revisit';
/** 督办 (managers). */
export const KF_TICKET_SUPERVISE = 'kf:ticket:supervise';
/** Reveal masked phones and 证件号 (audited). */
export const KF_PII_REVEAL = 'kf:pii:reveal';
/** 停电信息: publish and change outage notices. */
export const KF_OUTAGE_MANAGE = 'kf:outage:manage';
/** 工单时限配置: override the default SLA limits per type (`ticket_sla_rule`, audited; managers). */
export const KF_SLA_MANAGE = 'kf:sla:manage';

// 电费账务 (service `billing`, app `billing`).
/** Read accounts, receivables, payments, arrears, tariffs and batches in data scope (`bill`). */
export const DF_BILL_VIEW = 'df:bill:view';
/** 抄表: manual reading entry. */
export const DF_READING_ENTER = 'df:reading:enter';
/** 核算 and 发行. */
export const DF_BILL_CALC = 'df:bill:calc';
/** 收费: counter payments. */
export const DF_PAY_COLLECT = 'df:pay:collect';
/** 冲正 (reversal) of a payment; never of one's own. */
export const DF_PAY_REVERSE = 'df:pay:reverse';
/** 停电通知, 停电 and 复电 orders. */
export const DF_ORDER_MANAGE = 'df:order:manage';
/** 掌上电力 customers' accounts: list, 停用/启用, unbind a 户号, their payment orders (ADR 0060). */
export const DF_PORTAL_MANAGE = 'df:portal:manage';

// 客户档案 (service `customer`, app `customer-archive`).
export const CUSTOMER_VIEW_PERMISSION = 'cust:archive:view';

// Workflow (service `workflow`, the shell's inbox).
export const WF_TASK_HANDLE = 'wf:task:handle';
export const WF_PROCESS_MANAGE = 'wf:process:manage';
export const WF_MONITOR_VIEW = 'wf:monitor:view';

// 系统管理 (service `iam`, app `system-admin`).
export const IAM_PERMISSION = 'sys:admin:manage';

// 应用商店 (registry, app `app-store`).
export const STORE_PERMISSIONS = {
  market: 'store:market:use',
  manage: 'store:app:manage',
  review: 'store:app:review',
  /** Development mode only: the feed offers import-map overrides. */
  devOverride: 'store:dev:override',
} as const;
