export { iamServicePlugin } from './plugin.ts';
export type { IamServiceOptions } from './plugin.ts';
export { IAM_PERMISSION } from './common.ts';
export { iamMigrations } from './import-jobs.ts';
/** 全局搜索's read of people (ADR 0066). */
export { usersForSearch } from './search-port.ts';

/** Service name and major version as the gateway routes them: `/api/svc/iam/v1`. */
export { IAM_SERVICE } from '@wb/contracts';
