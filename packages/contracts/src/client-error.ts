import { z } from 'zod';

/** What the shell reports when a micro-app fails (QUALITY.md R1–R4). */
export const clientErrorReportSchema = z.strictObject({
  appId: z.string().max(64),
  code: z.string().max(32),
  message: z.string().max(2000),
  stack: z.string().max(8000).optional(),
  url: z.string().max(2000).optional(),
});
export type ClientErrorReport = z.infer<typeof clientErrorReportSchema>;
