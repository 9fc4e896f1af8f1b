/** The attachment store (ADR 0067): a port with a folder and an S3-compatible implementation. */
export type { AttachmentStore } from './store.ts';
export { createFsAttachmentStore } from './fs-store.ts';
export { createS3AttachmentStore } from './s3-store.ts';
export type { S3StoreOptions } from './s3-store.ts';
