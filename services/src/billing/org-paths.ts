/**
 * When an org unit moves (系统管理, issue 20, ADR 0058), this module's copies of org paths move with it, in the
 * transaction of the move: rows of the unit and its subtree carry the new path, so data scope follows the unit.
 * Wired by the composition root (services/src/org-path-rewriters.ts).
 */
import { orgPathRewriter } from '@wb/server-kit';

/** Rewrites `oldPath` and everything below it to `newPath` in this module's tables. */
export const rewriteBillingOrgPaths = orgPathRewriter('billing_account', 'billing_batch', 'billing_receivable', 'billing_payment', 'billing_order', 'billing_adjustment', 'billing_dunning', 'billing_sms_message');
