/**
 * Every permission key that code checks, in one place (ADR 0026): services, registry, shell and apps import
 * these names; nobody writes the string again. (Service descriptors live in each feature's contract:
 * `CONNECTION_SERVICE`, `CUSTOMER_SERVICE`, `IAM_SERVICE`, `WORKFLOW_SERVICE`, `APPSTORE_SERVICE`.) The data (names, types, which
 * app declares a key) lives in the identity seed and the manifests; the key itself lives here.
 *
 * Naming: `<domain>:<object>:<action>`; the domain is the feature's short name (see docs/glossary.md:
 * `yk` = 业扩报装 = app `new-connection` = service `connection`; `cust` = 客户档案; `wf` = workflow; `sys` = 系统管理;
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
