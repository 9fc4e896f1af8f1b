export { default as identityPlugin } from './plugin.ts';
export type { IdentityPluginOptions } from './plugin.ts';
export { identityMigrations } from './migrations.ts';
export { ALL_PERMISSIONS, allows, loadGrants } from './access.ts';
export type { AccessContext, Grants } from './access.ts';
export { createPasswordHasher, DEFAULT_SCRYPT_N } from './password.ts';
export type { PasswordHasher, PasswordHasherOptions } from './password.ts';
export { toSessionUser } from './principal.ts';
