/**
 * What 营销运营监测 reads of 业扩 (ADR 0026, 0061): an application with its process state (the engine's read
 * model), by application number or all of them (the rebuild). Runs in the caller's transaction; read-only.
 */
import type { Queryable } from '@wb/server-kit';
import { businessProcessJoin } from '../workflow/index.ts';

export interface ApplicationForIndicators {
  appNo: string;
  variant: string;
  consName: string;
  orgUnitCode: string;
  orgPath: string;
  acceptedAt: Date;
  /** The latest (open first) process: RUNNING, SUSPENDED, COMPLETED, TERMINATED; null without one. */
  status: string | null;
  dueAt: Date | null;
  instanceId: string | null;
}

/** `appNos` null: every application. */
export async function applicationsForIndicators(q: Queryable, appNos: readonly string[] | null): Promise<ApplicationForIndicators[]> {
  const rows = await q.query<{
    app_no: string; variant: string; cons_name: string; org_unit_code: string; org_path: string; accepted_at: string | Date;
    status: string | null; due_at: string | Date | null; instance_id: string | null;
  }>(
    `SELECT a.app_no, a.variant, a.cons_name, a.org_unit_code, a.org_path, a.accepted_at, p.status, p.due_at, p.instance_id::text AS instance_id
       FROM yk_application a
       ${businessProcessJoin('p', 'a.app_no')}
      ${appNos ? 'WHERE a.app_no = ANY($1::text[])' : ''}`,
    appNos ? [[...appNos]] : [],
  );
  return rows.map((r) => ({
    appNo: r.app_no, variant: r.variant, consName: r.cons_name, orgUnitCode: r.org_unit_code, orgPath: r.org_path,
    acceptedAt: new Date(r.accepted_at), status: r.status, dueAt: r.due_at ? new Date(r.due_at) : null, instanceId: r.instance_id,
  }));
}
