/**
 * The Excel import jobs of 系统管理 (issue 20, ADR 0058) kept in the database, so that any instance of a cluster
 * answers a progress poll (ADR 0070). The instance that accepted the upload runs the job and writes its progress
 * here every HEARTBEAT_MS (a heartbeat); a running job whose heartbeat is older than STALE_MS belonged to an
 * instance that died and is marked failed with a Chinese message. Its write was one transaction that never
 * committed — success is recorded inside that very transaction — so a job marked failed wrote nothing.
 */
import type { Db, Migration, Queryable } from '@wb/server-kit';
import type { ImportJob } from '@wb/contracts/iam-admin';

export const iamMigrations: Migration[] = [
  {
    id: 'iam/001_import_job',
    sql: `
CREATE TABLE iam_import_job (
  id           uuid PRIMARY KEY,
  file_name    text NOT NULL,
  status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  phase        text NOT NULL,
  total        integer NOT NULL DEFAULT 0,
  done         integer NOT NULL DEFAULT 0,
  counts       jsonb NOT NULL,
  issues       jsonb NOT NULL DEFAULT '[]',
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  elapsed_ms   integer NOT NULL DEFAULT 0,
  instance_id  text NOT NULL,
  heartbeat_at timestamptz NOT NULL
);
-- One import at a time across all instances: two would check against the same database and collide in the write.
CREATE UNIQUE INDEX iam_import_job_one_running ON iam_import_job ((true)) WHERE status = 'running';
CREATE INDEX iam_import_job_started ON iam_import_job (started_at);
`,
  },
];

/** How often the running instance writes progress and its heartbeat. */
export const HEARTBEAT_MS = 2_000;
/** A running job without a heartbeat for this long belonged to an instance that stopped. */
export const STALE_MS = 60_000;
/** Finished jobs are kept this long (the page polls until done; the result stays readable for an hour). */
export const JOB_TTL_MS = 60 * 60_000;
export const ORPHANED_MESSAGE = '导入中断：处理该导入的服务实例已停止，未写入任何数据，请重新导入';

interface JobRow {
  id: string;
  file_name: string;
  status: ImportJob['status'];
  phase: ImportJob['phase'];
  total: number;
  done: number;
  counts: ImportJob['counts'];
  issues: ImportJob['issues'];
  started_at: Date;
  finished_at: Date | null;
  elapsed_ms: number;
  heartbeat_at: Date;
}

const toJob = (r: JobRow): ImportJob => ({
  id: r.id,
  fileName: r.file_name,
  status: r.status,
  phase: r.phase,
  total: r.total,
  done: r.done,
  counts: r.counts,
  issues: r.issues,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
  elapsedMs: r.elapsed_ms,
});

const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown }).code === '23505';

/** Records a new running job; false when another import is running (on any instance). */
export async function insertJob(db: Queryable, job: ImportJob, instanceId: string, now: Date): Promise<boolean> {
  try {
    await db.query(
      `INSERT INTO iam_import_job (id, file_name, status, phase, total, done, counts, issues, started_at, elapsed_ms, instance_id, heartbeat_at)
       VALUES ($1, $2, 'running', $3, $4, $5, $6::jsonb, $7::jsonb, $8, 0, $9, $10)`,
      [job.id, job.fileName, job.phase, job.total, job.done, JSON.stringify(job.counts), JSON.stringify(job.issues), new Date(job.startedAt), instanceId, now],
    );
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * Writes a running job's state (progress, heartbeat) or its end. Only while the row is still running: a job
 * already finished (or marked failed as orphaned) is not overwritten. True when the row was updated.
 */
export async function saveJob(db: Queryable, job: ImportJob, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE iam_import_job SET status = $2, phase = $3, total = $4, done = $5, counts = $6::jsonb, issues = $7::jsonb,
       finished_at = $8, elapsed_ms = $9, heartbeat_at = $10
     WHERE id = $1 AND status = 'running' RETURNING id`,
    [job.id, job.status, job.phase, job.total, job.done, JSON.stringify(job.counts), JSON.stringify(job.issues), job.finishedAt ? new Date(job.finishedAt) : null, job.elapsedMs, now],
  );
  return rows.length > 0;
}

/** Marks failed the running jobs without a heartbeat for STALE_MS (or every running job: `all`, embedded start). */
export async function failOrphanedJobs(db: Queryable, now: Date, all = false): Promise<number> {
  const rows = await db.query(
    `UPDATE iam_import_job SET status = 'failed', phase = 'done', finished_at = $1,
       issues = jsonb_build_array(jsonb_build_object('sheet', '—', 'row', 0, 'message', $2::text))
     WHERE status = 'running' AND ($3 OR heartbeat_at < $4) RETURNING id`,
    [now, ORPHANED_MESSAGE, all, new Date(now.getTime() - STALE_MS)],
  );
  return rows.length;
}

/** Forgets finished jobs older than JOB_TTL_MS. */
export async function pruneJobs(db: Queryable, now: Date): Promise<void> {
  await db.query(`DELETE FROM iam_import_job WHERE status <> 'running' AND coalesce(finished_at, started_at) < $1`, [new Date(now.getTime() - JOB_TTL_MS)]);
}

/** A job as any instance sees it; an orphaned running job is marked failed first. */
export async function readJob(db: Db, id: string, now: Date): Promise<ImportJob | undefined> {
  const read = async () => (await db.query<JobRow>('SELECT * FROM iam_import_job WHERE id = $1', [id]))[0];
  let row = await read();
  if (row?.status === 'running' && now.getTime() - row.heartbeat_at.getTime() > STALE_MS) {
    await failOrphanedJobs(db, now);
    row = await read();
  }
  return row ? toJob(row) : undefined;
}

/** Inside the import's write transaction: records success there, or throws when the job was given up meanwhile. */
export async function recordSuccess(tx: Queryable, job: ImportJob, now: Date): Promise<void> {
  if (!(await saveJob(tx, job, now))) throw new JobOrphanedError();
}

export class JobOrphanedError extends Error {
  constructor() {
    super(ORPHANED_MESSAGE);
    this.name = 'JobOrphanedError';
  }
}
