import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError, requires } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';

/** Every iam route needs this permission (platform administrators hold `*`). */
export { IAM_PERMISSION } from '@wb/contracts';
import { IAM_PERMISSION } from '@wb/contracts';
/** `:id` of the user routes, as a route schema: any text (ids are text); one that is no user's is 404 from `requireUser`. */
export const idParams = z.object({ id: z.string() });

export const manage = { config: requires(IAM_PERMISSION) } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function notFound(message: string): AppError {
  return new AppError(404, ErrorCode.NotFound, message);
}

export function conflict(message: string, fields?: Record<string, string>): AppError {
  return new AppError(409, ErrorCode.Conflict, message, fields);
}

export function badField(field: string, message: string): AppError {
  return new AppError(400, ErrorCode.BadRequest, message, { [field]: message });
}

/** Ids in the path are checked before they reach SQL (a malformed uuid would otherwise be a 500). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export async function requireUser(db: Queryable, id: string): Promise<{ id: string; username: string }> {
  const [user] = await db.query<{ id: string; username: string }>('SELECT id, username FROM sys_user WHERE id = $1', [id]);
  if (!user) throw notFound('用户不存在');
  return user;
}

export async function exists(db: Queryable, sql: string, params: unknown[]): Promise<boolean> {
  return (await db.query(sql, params)).length > 0;
}

/** ISO date (YYYY-MM-DD) of a timestamptz, or null. */
export function isoDate(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

/** The calendar day (YYYY-MM-DD) of an instant in China time (UTC+8, no daylight saving). */
export function chinaDate(value: Date): string {
  return new Date(new Date(value).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function isoTime(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

export function actorOf(request: FastifyRequest): string {
  return request.principal?.username ?? 'unknown';
}
