/**
 * Routes of 业扩附件 (issue 17, ADR 0067), relative to the service's mount point:
 *
 * - `GET    /applications/{no}/attachments`                list (`yk:apply:view`, the application's data scope)
 * - `POST   /applications/{no}/attachments?kind=…`         one file, multipart (`yk:apply:handle` and an open step)
 * - `GET    /applications/{no}/attachments/{id}/content`   the bytes (`yk:apply:view`, scope; `?download=1`)
 * - `DELETE /applications/{no}/attachments/{id}`           its uploader, while its step is open
 *
 * Nothing half-written: the bytes are stored first, then the row; a refused or failed row removes the bytes. A
 * delete removes the row, then the bytes (an object left by a crash in between has no row and is never served).
 */
import { createHash, randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_PER_APPLICATION,
  ATTACHMENT_MESSAGES,
  attachmentContentQuerySchema,
  attachmentParamsSchema,
  attachmentUploadQuerySchema,
  type Attachment,
  type AttachmentList,
} from '@wb/contracts/attachments';
import { YK_HANDLE, YK_VIEW, applicationNoSchema } from '@wb/contracts/connection';
import { ErrorCode } from '@wb/contracts';
import { AppError, parseOrThrow, principalOf, requires, type Queryable } from '@wb/server-kit';
import type { AttachmentStore } from '../attachments/index.ts';
import type { WorkflowEngine } from '../workflow/index.ts';
import { contentDisposition, displayName, safeFileName, sniffAttachmentType } from './attachment-files.ts';
import { countAttachments, deleteAttachmentRow, getAttachment, insertAttachment, listAttachments, mayDelete, openStepsFor, toAttachment, uploadStepOf, type AttachmentRow } from './attachments.ts';
import { getApplication, type ApplicationRow } from './repository.ts';
import type { ApplicationScopeResolver } from './scope.ts';

export interface AttachmentRouteDeps {
  store: AttachmentStore;
  engine: WorkflowEngine;
  resolveScope: ApplicationScopeResolver;
}

const noParams = z.object({ no: z.string() });
const notFound = (): AppError => new AppError(404, ErrorCode.NotFound, '未找到该业扩申请');
const noAttachment = (): AppError => new AppError(404, ErrorCode.NotFound, '未找到该附件');
const bad = (message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { file: message });

/** The multipart limits per request: one file part of at most the contract's size, no other parts. */
const MULTIPART_LIMITS = { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 20 };

/** The uploaded file's name and bytes; multipart refusals as Chinese 400 / 413. */
async function readUpload(request: FastifyRequest): Promise<{ name: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw bad('请以 multipart/form-data 方式上传文件');
  let name = '附件';
  try {
    // The part header's file name is read as UTF-8, as browsers send it (busboy's default).
    const part = await request.file({ limits: MULTIPART_LIMITS });
    if (!part) throw bad('请选择要上传的文件');
    name = displayName(part.filename);
    const bytes = await part.toBuffer();
    if (bytes.length === 0) throw bad(ATTACHMENT_MESSAGES.empty(name));
    return { name, bytes };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, ErrorCode.PayloadTooLarge, ATTACHMENT_MESSAGES.tooLarge(name), { file: ATTACHMENT_MESSAGES.tooLarge(name) });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw bad('每次只能上传一个文件');
    if (typeof code === 'string' && code.startsWith('FST_')) throw bad('上传的文件格式不完整，请重新上传');
    throw error;
  }
}

export async function registerAttachmentRoutes(app: FastifyInstance, deps: AttachmentRouteDeps): Promise<void> {
  // Multipart only here (its own scope): every other route of the service takes JSON.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: true });
    attachmentRoutes(scope, deps);
  });
}

function attachmentRoutes(app: FastifyInstance, deps: AttachmentRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { store, engine } = deps;

  /** The application in the caller's scope (404 otherwise), locked when in a transaction's write. */
  async function application(q: Queryable, request: FastifyRequest, no: string, forUpdate = false): Promise<ApplicationRow> {
    const appNo = parseOrThrow(applicationNoSchema, no);
    const row = await getApplication(q, appNo, deps.resolveScope(request), app.now(), forUpdate);
    if (!row) throw notFound();
    return row;
  }

  routes.get('/applications/:no/attachments', { config: requires(YK_VIEW), schema: { params: noParams } }, async (request): Promise<AttachmentList> => {
    const row = await application(app.db, request, request.params.no);
    const actor = principalOf(request);
    const open = await openStepsFor(app.db, engine, row, actor);
    const rows = await listAttachments(app.db, row.app_no);
    const next = uploadStepOf(open, 'OTHER');
    return { items: rows.map((r) => toAttachment(r, mayDelete(r, open, actor))), uploadStep: next?.step ?? null };
  });

  routes.post(
    '/applications/:no/attachments',
    { config: requires(YK_HANDLE), schema: { params: noParams, querystring: attachmentUploadQuerySchema } },
    async (request, reply): Promise<Attachment> => {
      const { kind } = request.query;
      const actor = principalOf(request);
      // Refusals that need no file come first: not found 404, not the caller's step 403, no room 409.
      const before = await application(app.db, request, request.params.no);
      const refuse = async (q: Queryable, row: ApplicationRow) => {
        const target = uploadStepOf(await openStepsFor(q, engine, row, actor), kind);
        if (!target) throw new AppError(403, ErrorCode.NotAllowed, row.status === 'COMPLETED' ? '申请已办结，不能再上传附件' : '只有当前环节的办理人可以上传附件');
        if ((await countAttachments(q, row.app_no)) >= ATTACHMENT_MAX_PER_APPLICATION) throw new AppError(409, ErrorCode.Conflict, ATTACHMENT_MESSAGES.tooMany);
        return target;
      };
      await refuse(app.db, before);
      const upload = await readUpload(request);
      const type = await sniffAttachmentType(upload.bytes);
      if (!type) {
        await app.audit(request, { action: 'connection.attachment.refused', target: `application ${before.app_no}`, result: 'failure', detail: { fileName: upload.name, size: upload.bytes.length } });
        throw bad(ATTACHMENT_MESSAGES.wrongType(upload.name));
      }
      const id = randomUUID();
      const key = `connection/${before.app_no}/${id}`;
      const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
      await store.put(key, upload.bytes, { contentType: type, size: upload.bytes.length });
      let saved: AttachmentRow;
      try {
        saved = await app.db.transaction(async (tx) => {
          // Again under the application's lock: the step may have moved on, or others filled the room, meanwhile.
          const row = await application(tx, request, request.params.no, true);
          const target = await refuse(tx, row);
          const record: AttachmentRow = {
            id,
            app_no: row.app_no,
            kind,
            file_name: safeFileName(upload.name, type),
            content_type: type,
            size_bytes: upload.bytes.length,
            sha256,
            storage_key: key,
            step: target.step,
            task_id: target.taskId,
            uploaded_by: actor.username,
            uploaded_by_name: actor.displayName,
            uploaded_at: app.now(),
          };
          await insertAttachment(tx, record);
          return record;
        });
      } catch (error) {
        await store.delete(key).catch((cause: unknown) => request.log.error({ err: cause, key }, 'attachment object left without its row'));
        throw error;
      }
      await app.audit(request, {
        action: 'connection.attachment.upload',
        target: `application ${saved.app_no}`,
        result: 'success',
        detail: { id, kind, fileName: saved.file_name, contentType: type, size: saved.size_bytes, sha256, step: saved.step },
      });
      void reply.status(201);
      return toAttachment(saved, true);
    },
  );

  routes.get(
    '/applications/:no/attachments/:id/content',
    { config: requires(YK_VIEW), schema: { params: attachmentParamsSchema, querystring: attachmentContentQuerySchema } },
    async (request, reply) => {
      const row = await application(app.db, request, request.params.no);
      const attachment = await getAttachment(app.db, row.app_no, request.params.id);
      if (!attachment) throw noAttachment();
      const body = await store.get(attachment.storage_key);
      if (!body) {
        request.log.error({ key: attachment.storage_key }, 'attachment row without its object');
        throw noAttachment();
      }
      // PDFs are always saved, never shown on this origin; images inline (thumbnails) unless asked to save.
      const inline = request.query.download !== '1' && attachment.content_type !== 'application/pdf';
      return reply
        .header('content-type', attachment.content_type)
        .header('content-length', String(attachment.size_bytes))
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.file_name))
        .header('x-content-type-options', 'nosniff')
        // Opened on its own, a file is a sandboxed document: no script, no form, no same-origin access.
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .header('etag', `"${attachment.sha256}"`)
        .send(body);
    },
  );

  routes.delete('/applications/:no/attachments/:id', { config: requires(YK_HANDLE), schema: { params: attachmentParamsSchema } }, async (request, reply) => {
    const actor = principalOf(request);
    const removed = await app.db.transaction(async (tx) => {
      const row = await application(tx, request, request.params.no, true);
      const attachment = await getAttachment(tx, row.app_no, request.params.id);
      if (!attachment) throw noAttachment();
      if (attachment.uploaded_by !== actor.username) throw new AppError(403, ErrorCode.NotAllowed, '只能删除自己上传的附件');
      if (!mayDelete(attachment, await openStepsFor(tx, engine, row, actor), actor)) {
        throw new AppError(409, ErrorCode.Conflict, `「${toAttachment(attachment, false).stepName}」环节已提交，不能再删除该环节的附件`);
      }
      await deleteAttachmentRow(tx, attachment.id);
      return attachment;
    });
    await store.delete(removed.storage_key).catch((cause: unknown) => request.log.error({ err: cause, key: removed.storage_key }, 'attachment object left after its row was deleted'));
    await app.audit(request, {
      action: 'connection.attachment.delete',
      target: `application ${removed.app_no}`,
      result: 'success',
      detail: { id: removed.id, kind: removed.kind, fileName: removed.file_name, step: removed.step },
    });
    return reply.status(204).send();
  });
}
