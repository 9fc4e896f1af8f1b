import type { ImportJob } from '@wb/contracts/iam-admin';

/**
 * The bar of an import: reading the file is the first 5 %, checking the lines up to 50 %, writing them up to
 * 100 % (the write is one transaction: 100 % only once it committed).
 */
export function importPercent(job: Pick<ImportJob, 'status' | 'phase' | 'total' | 'done'>): number {
  if (job.status !== 'running') return 100;
  const share = job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  if (job.phase === 'read') return 2;
  if (job.phase === 'check') return Math.round(5 + 45 * share);
  return Math.min(99, Math.round(50 + 50 * share));
}

/** What the import is doing, in the clerk's words. */
export function importStatusText(job: Pick<ImportJob, 'phase' | 'total' | 'done'>): string {
  const of = `${job.done.toLocaleString('zh-CN')} / ${job.total.toLocaleString('zh-CN')} 行`;
  switch (job.phase) {
    case 'read':
      return '正在读取文件…';
    case 'check':
      return `正在校验：${of}`;
    case 'write':
      return `正在写入：${of}`;
    default:
      return '已完成';
  }
}

/** A file's bytes as base64 (the import request carries the workbook in JSON). */
export async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
