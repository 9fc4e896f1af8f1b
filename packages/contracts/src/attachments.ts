import { z } from 'zod';

/**
 * 业扩附件 (issue 17, ADR 0067): files of an application — 证件 and 产权证明 at 受理, 现场照片 at 勘查 and 装表接电.
 * Uploaded as multipart (`POST /applications/{no}/attachments?kind=…`, one file per request), listed with the
 * application, downloaded under the same permission and data scope as the application. The service sniffs the
 * type from the bytes: only JPEG, PNG and PDF are kept, whatever the name says.
 *
 * Its own subpath (`@wb/contracts/attachments`), bundled into the apps that use it rather than a shared module: a
 * second domain (95598 抢修 photos) can take it up without loading 业扩's contracts.
 */

/** 附件类型. */
export const ATTACHMENT_KINDS = { ID_DOC: '证件', PROPERTY_PROOF: '产权证明', SITE_PHOTO: '现场照片', OTHER: '其他' } as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;
export const attachmentKindSchema = z.enum(['ID_DOC', 'PROPERTY_PROOF', 'SITE_PHOTO', 'OTHER'], '请选择附件类型');

/** The types kept (sniffed from the bytes), with the extension a stored name ends with. */
export const ATTACHMENT_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' } as const;
export type AttachmentContentType = keyof typeof ATTACHMENT_TYPES;

/** 10 MiB per file; 30 files per application. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_PER_APPLICATION = 30;

/** What the upload field accepts (the server decides from the bytes). */
export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf';

export const ATTACHMENT_MESSAGES = {
  tooLarge: (name: string): string => `文件「${name}」超过 10 MB，请压缩后再上传`,
  wrongType: (name: string): string => `文件「${name}」不是 JPG、PNG 图片或 PDF 文件，不能上传`,
  empty: (name: string): string => `文件「${name}」是空文件`,
  tooMany: `每笔申请最多上传 ${ATTACHMENT_MAX_PER_APPLICATION} 个附件`,
} as const;

/**
 * A problem the browser can tell before sending (size, declared type), in the words the server would use; null
 * when the file may be sent. The server checks again, from the bytes.
 */
export function attachmentFileProblem(file: { name: string; size: number; type: string }): string | null {
  if (file.size > ATTACHMENT_MAX_BYTES) return ATTACHMENT_MESSAGES.tooLarge(file.name);
  if (file.size === 0) return ATTACHMENT_MESSAGES.empty(file.name);
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const typeOk = file.type === '' ? true : file.type in ATTACHMENT_TYPES;
  const extOk = ext === undefined || ['jpg', 'jpeg', 'png', 'pdf'].includes(ext);
  return typeOk && extOk ? null : ATTACHMENT_MESSAGES.wrongType(file.name);
}

export const attachmentUploadQuerySchema = z.strictObject({ kind: attachmentKindSchema });
export const attachmentParamsSchema = z.object({
  no: z.string(),
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '附件编号格式不正确'),
});
/** `download=1`: as a file to save (`Content-Disposition: attachment`); else inline (thumbnails). PDFs always download. */
export const attachmentContentQuerySchema = z.strictObject({ download: z.enum(['0', '1'], '参数 download 应为 0 或 1').optional() });

export const attachmentSchema = z.object({
  id: z.string(),
  appNo: z.string(),
  kind: attachmentKindSchema,
  kindName: z.string(),
  fileName: z.string(),
  contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  /** Bytes. */
  size: z.number().int(),
  /** Hex SHA-256 of the stored bytes. */
  sha256: z.string(),
  /** The node key of the step it was uploaded at (`accept`, `survey`, `install`, …) and its name. */
  step: z.string(),
  stepName: z.string(),
  uploadedBy: z.string(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
  /** Whether the caller may delete it now: its uploader, while its step is still open for them. */
  mayDelete: z.boolean(),
});
export type Attachment = z.infer<typeof attachmentSchema>;
export const attachmentListSchema = z.object({
  items: z.array(attachmentSchema),
  /** Whether the caller may add files now, and at which step (null: not now). */
  uploadStep: z.string().nullable(),
});
export type AttachmentList = z.infer<typeof attachmentListSchema>;
