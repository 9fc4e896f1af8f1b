import type { VersionStatus } from '@wb/contracts/appstore';

export const VERSION_STATUS: Record<VersionStatus, { label: string; color: string }> = {
  DRAFT: { label: '草稿', color: 'default' },
  IN_REVIEW: { label: '审核中', color: 'processing' },
  PUBLISHED: { label: '已发布', color: 'success' },
  OFFLINE: { label: '已下线', color: 'error' },
};

export const APP_STATUS: Record<'ACTIVE' | 'OFFLINE', { label: string; color: string }> = {
  ACTIVE: { label: '已上线', color: 'success' },
  OFFLINE: { label: '已下线', color: 'error' },
};

/** The posts of docs/glossary.md "Posts", for rollout targets and visibility overrides. */
export const POSTS: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'KF_AGENT', name: '客服代表' },
  { code: 'KF_DISPATCH', name: '派单员' },
  { code: 'KF_REVISIT', name: '回访员' },
  { code: 'YK_ACCEPT', name: '业扩受理员' },
  { code: 'YK_SURVEY', name: '勘查员' },
  { code: 'YK_SCHEME', name: '方案编制' },
  { code: 'YK_APPROVE', name: '方案审批' },
  { code: 'JL_INSTALL', name: '装表接电' },
  { code: 'DF_READ', name: '抄表员' },
  { code: 'DF_CALC', name: '核算员' },
  { code: 'DF_COLLECT', name: '收费催费员' },
  { code: 'TQ_MGR', name: '台区经理' },
  { code: 'MGR_VIEW', name: '管理人员' },
];

/** Actions of the registry's events (registry_event), as people read them; `-refused` marks a refused attempt. */
const EVENT_ACTIONS: Record<string, string> = {
  publish: '上传版本',
  submit: '提交审核',
  approve: '审核通过',
  reject: '审核驳回',
  rollback: '回滚',
  offline: '下线',
  online: '上线',
  rollout: '灰度设置',
  'rollout-cancel': '停止灰度',
  'rollout-promote': '全量发布',
  visibility: '可见性设置',
};

export function eventLabel(action: string): string {
  const refused = action.endsWith('-refused');
  const base = refused ? action.slice(0, -'-refused'.length) : action;
  const label = EVENT_ACTIONS[base] ?? base;
  return refused ? `${label}（被拒绝）` : label;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
