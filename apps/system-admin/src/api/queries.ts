import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { accessAlertSchema, adminUserSchema, auditEntrySchema, orgUnitSchema, pageOf, permissionNodeSchema, roleSchema } from '@wb/contracts';
import { effectivePermissionsSchema, expiringAssignmentSchema } from '@wb/contracts/iam-admin';
import type { AccessAlert, OrgUnit, PermissionNode, Role } from '@wb/contracts';
import { useServiceClient } from '@wb/sdk/react';

export interface PostOption {
  code: string;
  name: string;
}
/** A role with the version its grants were read at (sent back as `If-Match`). */
export type VersionedRole = Role & { version: number };

const userPageSchema = pageOf(adminUserSchema);
const auditPageSchema = pageOf(auditEntrySchema);

/** A JSON array of items checked by a hand-written `parse` (zod schemas use `schema.array()`). */
function arrayOf<T>(parse: (value: unknown) => T) {
  return {
    parse(value: unknown): T[] {
      if (!Array.isArray(value)) throw new Error('not an array');
      return value.map(parse);
    },
  };
}

function parsePost(value: unknown): PostOption {
  const v = value as Partial<PostOption> | null;
  if (typeof v?.code !== 'string' || typeof v.name !== 'string') throw new Error('not a post');
  return { code: v.code, name: v.name };
}

/** roleSchema drops unknown keys; the version rides next to it in the same object. */
export function parseVersionedRole(value: unknown): VersionedRole {
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version !== 'number') throw new Error('role without version');
  return { ...roleSchema.parse(value), version };
}

/** The SDK client of the iam service: every read and write of 系统管理 goes through it (no fetch of its own). */
export function useIamClient() {
  return useServiceClient('iam');
}

export const iamKeys = {
  orgUnits: ['iam', 'org-units'] as const,
  posts: ['iam', 'posts'] as const,
  users: ['iam', 'users'] as const,
  user: (id: string) => ['iam', 'users', 'one', id] as const,
  roles: ['iam', 'roles'] as const,
  permissions: ['iam', 'permissions'] as const,
  audit: ['iam', 'audit'] as const,
  userList: (params: object) => ['iam', 'users', 'list', params] as const,
  auditList: (filters: object) => ['iam', 'audit', 'list', filters] as const,
  alerts: ['iam', 'audit', 'alerts'] as const,
};

export function useOrgUnits() {
  const client = useServiceClient('iam');
  return useQuery<OrgUnit[]>({
    queryKey: iamKeys.orgUnits,
    queryFn: ({ signal }) => client.get('/org-units', { schema: orgUnitSchema.array(), signal }),
  });
}

export function usePosts() {
  const client = useServiceClient('iam');
  return useQuery<PostOption[]>({
    queryKey: iamKeys.posts,
    queryFn: ({ signal }) => client.get('/posts', { schema: arrayOf(parsePost), signal }),
  });
}

export interface UserListParams {
  q: string;
  page: number;
  pageSize: number;
  orgUnitCode?: string | undefined;
  postCode?: string | undefined;
  roleKey?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
  lastLogin?: string | undefined;
}

export function useUsers(params: UserListParams) {
  const client = useServiceClient('iam');
  return useQuery({
    queryKey: iamKeys.userList(params),
    queryFn: ({ signal }) => client.get('/users', { query: { ...params, q: params.q || undefined }, schema: userPageSchema, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEffectivePermissions(id: string | null) {
  const client = useServiceClient('iam');
  return useQuery({
    queryKey: ['iam', 'users', 'effective', id],
    enabled: id !== null,
    queryFn: ({ signal }) => client.get(`/users/${encodeURIComponent(id ?? '')}/effective-permissions`, { schema: effectivePermissionsSchema, signal }),
  });
}

export function useExpiringAssignments(days: number) {
  const client = useServiceClient('iam');
  return useQuery({
    queryKey: ['iam', 'users', 'expiring', days],
    queryFn: ({ signal }) => client.get('/post-assignments/expiring', { query: { days }, schema: expiringAssignmentSchema.array(), signal }),
  });
}

export function useUser(id: string) {
  const client = useServiceClient('iam');
  return useQuery({
    queryKey: iamKeys.user(id),
    queryFn: ({ signal }) => client.get(`/users/${encodeURIComponent(id)}`, { schema: adminUserSchema, signal }),
  });
}

export function useRoles() {
  const client = useServiceClient('iam');
  return useQuery<VersionedRole[]>({
    queryKey: iamKeys.roles,
    queryFn: ({ signal }) => client.get('/roles', { schema: arrayOf(parseVersionedRole), signal }),
  });
}

export function usePermissions() {
  const client = useServiceClient('iam');
  return useQuery<PermissionNode[]>({
    queryKey: iamKeys.permissions,
    queryFn: ({ signal }) => client.get('/permissions', { schema: permissionNodeSchema.array(), signal }),
  });
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  result?: 'success' | 'failure' | 'denied';
  zone?: 'intranet' | 'internet';
  from?: string;
  to?: string;
  page: number;
}
export const AUDIT_PAGE_SIZE = 50;
/** 访问告警 counts the last hour (the server's default window is 15 minutes). */
export const ALERT_WINDOW_MINUTES = 60;

export function useAudit(filters: AuditFilters) {
  const client = useServiceClient('iam');
  return useQuery({
    queryKey: iamKeys.auditList(filters),
    queryFn: ({ signal }) => client.get('/audit', { query: { ...filters, pageSize: AUDIT_PAGE_SIZE }, schema: auditPageSchema, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAlerts() {
  const client = useServiceClient('iam');
  return useQuery<AccessAlert[]>({
    queryKey: iamKeys.alerts,
    queryFn: ({ signal }) =>
      client.get('/audit/alerts', {
        query: { windowMinutes: ALERT_WINDOW_MINUTES },
        schema: accessAlertSchema.array(),
        signal,
      }),
  });
}
