import { z } from 'zod';
import { text } from './text.ts';

/** What the shell reports when a micro-app fails (docs/quality.md R1–R4). */
export const clientErrorReportSchema = z.strictObject({
  appId: text().max(64),
  code: text().max(32),
  message: text({ multiline: true }).max(2000),
  stack: text({ multiline: true }).max(8000).optional(),
  url: text().max(2000).optional(),
});
export type ClientErrorReport = z.infer<typeof clientErrorReportSchema>;
