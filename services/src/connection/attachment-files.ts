/**
 * The bytes and names of 业扩附件 (ADR 0067): the type is sniffed from the content (a renamed .exe is refused),
 * names are made safe to store and to send back, and downloads name the file in RFC 6266 / 5987 form.
 */
import { fileTypeFromBuffer } from 'file-type';
import { ATTACHMENT_TYPES, type AttachmentContentType } from '@wb/contracts/attachments';

/** The kept type of `bytes` from their magic numbers, or null for anything else (whatever the name or header say). */
export async function sniffAttachmentType(bytes: Uint8Array): Promise<AttachmentContentType | null> {
  const found = await fileTypeFromBuffer(bytes);
  return found && found.mime in ATTACHMENT_TYPES ? (found.mime as AttachmentContentType) : null;
}

const MAX_NAME = 100;
/** Extensions that already fit each type (kept as the user wrote them). */
const FITTING_EXTENSIONS: Record<AttachmentContentType, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'application/pdf': ['pdf'],
};

/**
 * A name safe to store and show: the last path segment only, NFC, without control, format (bidi overrides,
 * zero-width) and reserved characters (`<>:"/\|?*`), at most 100 characters, ending with an extension that fits
 * the sniffed type (`照片.exe` holding a PNG becomes `照片.exe.png`). Empty → `附件.<ext>`.
 */
export function safeFileName(raw: string, type: AttachmentContentType): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // \p{Cs}: lone surrogates (a string from the multipart header may hold one).
  let name = base
    .replace(/\p{Cs}/gu, '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}<>:"/\\|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  const wanted = ATTACHMENT_TYPES[type];
  const fits = ext !== undefined && FITTING_EXTENSIONS[type].includes(ext);
  let stem = fits ? name.slice(0, -(ext.length + 1)) : name;
  const suffix = fits ? ext : wanted;
  stem = [...stem].slice(0, MAX_NAME - suffix.length - 1).join('').trim();
  name = `${stem || '附件'}.${suffix}`;
  return name;
}

/** The name as sent, fit for a message or the audit log: no control, format or surrogate characters, ≤ 100. */
export function displayName(raw: string): string {
  return [...(raw.split(/[/\\]/).pop() ?? '').replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '')].slice(0, 100).join('') || '附件';
}

/** RFC 5987 `ext-value` percent-encoding (UTF-8; attr-char kept). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` for a stored name: an ASCII `filename` for old clients (non-ASCII as `_`) and the exact
 * name as `filename*=UTF-8''…` (RFC 6266 §4.3, RFC 5987), which browsers prefer.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
