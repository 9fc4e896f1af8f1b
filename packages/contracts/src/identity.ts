import { z } from 'zod';
import { text } from './text.ts';

export const loginRequestSchema = z.strictObject({
  username: text().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  // 1024 bounds the hashing cost of a hostile body; real passphrases are far shorter (docs/quality.md S13).
  password: text({ multiline: true }).min(1, '请输入密码').max(1024, '密码过长'),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** Header every state-changing browser request carries (docs/quality.md S8). */
export const CSRF_HEADER = 'x-workbench-request';
export const SESSION_COOKIE = 'wb_session';
