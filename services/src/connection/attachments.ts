/**
 * 业扩附件 (issue 17, ADR 0067): the metadata rows and who may add or remove files. A file belongs to the step it
 * was uploaded at; it may be added and removed while that step is open for the person — the handler of the open
 * task, or the 受理 clerk right after registering (until the next step is recorded) — and removed only by its
 * uploader. Anyone who may read the application may read its files.
 */
import { ATTACHMENT_KINDS, type Attachment, type AttachmentContentType, type AttachmentKind } from '@wb/contracts/attachments';
import { CONNECTION_NODES } from '@wb/contracts/connection';
import type { Principal, Queryable } from '@wb/server-kit';
import type { WorkflowEngine } from '../workflow/index.ts';
import type { ApplicationRow } from './repository.ts';

export interface AttachmentRow {
  id: string;
  app_no: string;
  kind: AttachmentKind;
  file_name: string;
  content_type: AttachmentContentType;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  step: string;
  task_id: string | null;
  uploaded_by: string;
  uploaded_by_name: string;
  uploaded_at: Date;
}

/** A step open for the actor: the node, and the open task of it (null: 受理's documents after registering). */
export interface OpenStep {
  step: string;
  taskId: string | null;
}

const stepName = (step: string): string => CONNECTION_NODES[step as keyof typeof CONNECTION_NODES] ?? step;

/**
 * The steps `actor` may attach files to now. 受理 for the clerk who registered the application while nothing after
 * 受理 is recorded (受理 completes in the registering request, so its documents follow it); the open node for
 * whoever may act on its task (the engine's one assignment rule). None once the application is completed.
 */
export async function openStepsFor(q: Queryable, engine: WorkflowEngine, row: ApplicationRow, actor: Principal): Promise<OpenStep[]> {
  if (row.status === 'COMPLETED') return [];
  const steps: OpenStep[] = [];
  if (row.created_by === actor.username && Object.keys(row.steps).every((node) => node === 'accept')) steps.push({ step: 'accept', taskId: null });
  if (row.task_id && row.node_key && (await engine.canAct(q, actor, { id: row.task_id }))) steps.push({ step: row.node_key, taskId: String(row.task_id) });
  return steps;
}

/** Where an upload of `kind` goes: 证件 and 产权证明 to 受理 when it is open, anything else to the task's step. */
export function uploadStepOf(open: readonly OpenStep[], kind: AttachmentKind): OpenStep | null {
  const accept = open.find((s) => s.taskId === null);
  const task = open.find((s) => s.taskId !== null);
  const documents = kind === 'ID_DOC' || kind === 'PROPERTY_PROOF';
  return (documents ? (accept ?? task) : (task ?? accept)) ?? null;
}

/** Whether `actor` may delete the file: its uploader, while the step (and task) it was uploaded at is open for them. */
export function mayDelete(row: AttachmentRow, open: readonly OpenStep[], actor: Principal): boolean {
  return row.uploaded_by === actor.username && open.some((s) => s.step === row.step && s.taskId === row.task_id);
}

export function toAttachment(row: AttachmentRow, deletable: boolean): Attachment {
  return {
    id: row.id,
    appNo: row.app_no,
    kind: row.kind,
    kindName: ATTACHMENT_KINDS[row.kind],
    fileName: row.file_name,
    contentType: row.content_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    step: row.step,
    stepName: stepName(row.step),
    uploadedBy: row.uploaded_by,
    uploadedByName: row.uploaded_by_name,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
    mayDelete: deletable,
  };
}

const COLUMNS = 'id::text AS id, app_no, kind, file_name, content_type, size_bytes, sha256, storage_key, step, task_id, uploaded_by, uploaded_by_name, uploaded_at';

export async function listAttachments(q: Queryable, appNo: string): Promise<AttachmentRow[]> {
  return q.query<AttachmentRow>(`SELECT ${COLUMNS} FROM yk_attachment WHERE app_no = $1 ORDER BY seq`, [appNo]);
}

export async function getAttachment(q: Queryable, appNo: string, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await q.query<AttachmentRow>(`SELECT ${COLUMNS} FROM yk_attachment WHERE app_no = $1 AND id = $2::uuid`, [appNo, id]);
  return row;
}

export async function countAttachments(q: Queryable, appNo: string): Promise<number> {
  const [row] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM yk_attachment WHERE app_no = $1', [appNo]);
  return Number(row?.n ?? 0);
}

export async function insertAttachment(q: Queryable, row: AttachmentRow): Promise<void> {
  await q.query(
    `INSERT INTO yk_attachment (id, app_no, kind, file_name, content_type, size_bytes, sha256, storage_key, step, task_id, uploaded_by, uploaded_by_name, uploaded_at)
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [row.id, row.app_no, row.kind, row.file_name, row.content_type, row.size_bytes, row.sha256, row.storage_key, row.step, row.task_id, row.uploaded_by, row.uploaded_by_name, row.uploaded_at],
  );
}

export async function deleteAttachmentRow(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM yk_attachment WHERE id = $1::uuid', [id]);
}
