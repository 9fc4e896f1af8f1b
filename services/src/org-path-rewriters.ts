/**
 * Every module that copies org paths into its rows (for data-scope filters) rewrites them when an org unit moves
 * or is merged (系统管理, issue 20, ADR 0058). The iam service runs them all in the transaction of the move. A new
 * table with an `org_path` column adds its name to its module's org-paths.ts (server-kit `orgPathRewriter`);
 * org-path-rewriters.test.ts checks that none is missing.
 */
import type { OrgPathRewriter } from '@wb/server-kit';
import { rewriteCustomerOrgPaths } from './customer/org-paths.ts';
import { rewriteBillingOrgPaths } from './billing/org-paths.ts';
import { rewriteConnectionOrgPaths } from './connection/org-paths.ts';
import { rewriteIndicatorOrgPaths } from './indicators/org-paths.ts';
import { rewriteTicketOrgPaths } from './ticket/org-paths.ts';
import { rewriteWorkflowOrgPaths } from './workflow/org-paths.ts';

export const ORG_PATH_REWRITERS: readonly OrgPathRewriter[] = [rewriteCustomerOrgPaths, rewriteBillingOrgPaths, rewriteConnectionOrgPaths, rewriteIndicatorOrgPaths, rewriteTicketOrgPaths, rewriteWorkflowOrgPaths];
