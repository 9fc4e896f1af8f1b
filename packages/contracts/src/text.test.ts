/**
 * Input hygiene of the contracts (docs/quality.md S16, ADR 0019), property-based: the string and number primitives,
 * and every string and number leaf of every request, query and path schema the browser and the server share.
 * The HTTP side (every route, through the request guard too): services/src/platform/input-walk.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import * as core from './index.ts';
import * as appstore from './appstore.ts';
import * as workflow from './workflow.ts';
import * as connection from './connection.ts';
import * as ticket from './ticket.ts';
import * as billing from './billing.ts';
import * as billingCounter from './billing-counter.ts';
import * as iamAdmin from './iam-admin.ts';
import { DISALLOWED_CHARS_MESSAGE, MAX_INT4, cleanText, findDisallowedChars, hasDisallowedChars, intParam, jsonRecord, text } from './text.ts';

const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** One character no string may hold: NUL, a lone surrogate (high or low), a C0 control other than tab/LF/CR, DEL. */
const alwaysBad = fc.oneof(
  fc.constant('\u0000'),
  fc.integer({ min: 0xd800, max: 0xdbff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xdc00, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(...[...Array(32).keys()].filter((c) => c !== 9 && c !== 10 && c !== 13).map((c) => String.fromCharCode(c)), '\u007f'),
);
/** Strings of whole code points (surrogate pairs included), with no control character. */
const clean = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f'));
/** `clean` with a bad character inside, where a lone surrogate cannot pair up with a neighbour. */
const withBad = fc.tuple(clean, alwaysBad, clean).map(([a, bad, b]) => `${a}${bad === '\u0000' ? '' : 'x'}${bad}${'x'}${b}`);

describe('text(): the string primitive', () => {
  it('accepts any well-formed string without control characters, on one line or many', () => {
    fc.assert(
      fc.property(clean, (s) => {
        expect(text().safeParse(s).success).toBe(true);
        expect(text({ multiline: true }).safeParse(s).success).toBe(true);
      }),
    );
  });

  it('refuses NUL, lone surrogates and control characters wherever they are, with the Chinese message first', () => {
    fc.assert(
      fc.property(withBad, (s) => {
        for (const schema of [text(), text({ multiline: true }), text({ label: '户名' }).trim().min(1).max(10)]) {
          const result = schema.safeParse(s);
          expect(result.success).toBe(false);
          expect(result.error?.issues[0]?.message).toMatch(new RegExp(`${DISALLOWED_CHARS_MESSAGE}$`));
        }
      }),
    );
  });

  it('agrees with String.prototype.isWellFormed on surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 8 }), (s) => {
        expect(hasDisallowedChars(s, 'storable')).toBe(!isWellFormed(s));
      }),
    );
  });

  it('allows tab and line breaks in free text only', () => {
    fc.assert(
      fc.property(clean, fc.constantFrom('\t', '\n', '\r\n'), clean, (a, ws, b) => {
        expect(text({ multiline: true }).safeParse(`${a}${ws}${b}`).success).toBe(true);
        expect(text().safeParse(`${a}${ws}${b}`).success).toBe(false);
      }),
    );
  });

  it('cleanText() makes any string acceptable, keeping its length and every allowed character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (a, b) => {
        for (const s of [a, b]) {
          const cleaned = cleanText(s, 'multiline');
          expect(text({ multiline: true }).safeParse(cleaned).success).toBe(true);
          expect(cleaned).toHaveLength(s.length);
          if (!hasDisallowedChars(s, 'multiline')) expect(cleaned).toBe(s);
        }
      }),
    );
  });

  it('names the field in the message when given a label', () => {
    expect(text({ label: '户名' }).safeParse('ab\u0000cd').error?.issues[0]?.message).toBe('户名包含不允许的字符');
  });
});

describe('intParam(): whole numbers from a URL', () => {
  const version = intParam(1, MAX_INT4, '版本号');

  it('accepts decimal digits within the range, as string or number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_INT4 }), (n) => {
        expect(version.parse(String(n))).toBe(n);
        expect(version.parse(n)).toBe(n);
      }),
    );
  });

  it('refuses exponent, fraction, sign, hex and out-of-range forms', () => {
    for (const bad of ['1e30', '1e2', '1.5', '-1', '+1', '0x10', 'Infinity', 'NaN', '', ' 1', '99999999999', String(MAX_INT4 + 1), '0', 1e30, 1.5, -1]) {
      const result = version.safeParse(bad);
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(`版本号应为 1 到 ${MAX_INT4} 之间的整数`);
    }
  });

  it('refuses any digit string beyond int4', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(MAX_INT4) + 1n, max: 10n ** 30n }), (n) => {
        expect(version.safeParse(String(n)).success).toBe(false);
      }),
    );
  });
});

describe('jsonRecord(): free-form JSON', () => {
  it('finds a bad string at any depth, in keys too, and names its path', () => {
    fc.assert(
      fc.property(withBad, fc.constantFrom('value', 'key'), (bad, where) => {
        const record = where === 'value' ? { a: { b: [1, 'ok', bad] } } : { a: { [bad]: 1 } };
        const result = jsonRecord().safeParse(record);
        expect(result.success).toBe(false);
        expect(result.error?.issues[0]?.message).toBe(DISALLOWED_CHARS_MESSAGE);
        expect(findDisallowedChars(record)).toEqual(where === 'value' ? ['a', 'b', 2] : ['a', bad]);
      }),
    );
  });

  it('accepts clean JSON', () => {
    fc.assert(fc.property(fc.dictionary(clean.filter((k) => k.length <= 128), fc.jsonValue().filter((v) => findDisallowedChars(v) === null)), (record) => {
      expect(jsonRecord().safeParse(record).success).toBe(true);
    }));
  });
});

// ---- every request, query and path schema --------------------------------------------------------------------

/** What a client sends: bodies, queries and path parameters. Every exported schema is listed here or in RESPONSES. */
const REQUESTS: Record<string, z.ZodType> = {
  loginRequestSchema: core.loginRequestSchema,
  clientErrorReportSchema: core.clientErrorReportSchema,
  consNoSchema: core.consNoSchema,
  customerSearchQuerySchema: core.customerSearchQuerySchema,
  createOrgUnitRequestSchema: core.createOrgUnitRequestSchema,
  orgUnitNameSchema: core.orgUnitNameSchema,
  assignPostRequestSchema: core.assignPostRequestSchema,
  usernameSchema: core.usernameSchema,
  newPasswordSchema: core.newPasswordSchema,
  createUserRequestSchema: core.createUserRequestSchema,
  userListQuerySchema: core.userListQuerySchema,
  setUserStatusRequestSchema: core.setUserStatusRequestSchema,
  resetPasswordRequestSchema: core.resetPasswordRequestSchema,
  changePasswordRequestSchema: core.changePasswordRequestSchema,
  createRoleRequestSchema: core.createRoleRequestSchema,
  setRoleGrantsRequestSchema: core.setRoleGrantsRequestSchema,
  auditQuerySchema: core.auditQuerySchema,
  switchPostRequestSchema: core.switchPostRequestSchema,
  orgUnitCodeSchema: core.orgUnitCodeSchema,
  roleKeySchema: core.roleKeySchema,
  dataScopeRuleSchema: core.dataScopeRuleSchema,
  setRolloutRequestSchema: appstore.setRolloutRequestSchema,
  rolloutScopeSchema: appstore.rolloutScopeSchema,
  approveReleaseSchema: appstore.approveReleaseSchema,
  setVisibilityRequestSchema: appstore.setVisibilityRequestSchema,
  storeAppQuerySchema: appstore.storeAppQuerySchema,
  rejectRequestSchema: appstore.rejectRequestSchema,
  approveRequestSchema: appstore.approveRequestSchema,
  rollbackRequestSchema: appstore.rollbackRequestSchema,
  setInMenuRequestSchema: appstore.setInMenuRequestSchema,
  layoutItemSchema: appstore.layoutItemSchema,
  saveLayoutRequestSchema: appstore.saveLayoutRequestSchema,
  storeAppIdParamSchema: appstore.storeAppIdParamSchema,
  storeVersionParamSchema: appstore.storeVersionParamSchema,
  postCodeParamSchema: appstore.postCodeParamSchema,
  inboxQuerySchema: workflow.inboxQuerySchema,
  startProcessRequestSchema: workflow.startProcessRequestSchema,
  completeTaskRequestSchema: workflow.completeTaskRequestSchema,
  transferTaskRequestSchema: workflow.transferTaskRequestSchema,
  returnTaskRequestSchema: workflow.returnTaskRequestSchema,
  reasonRequestSchema: workflow.reasonRequestSchema,
  copyToRequestSchema: workflow.copyToRequestSchema,
  deployRequestSchema: workflow.deployRequestSchema,
  holidaySchema: workflow.holidaySchema,
  putHolidaysRequestSchema: workflow.putHolidaysRequestSchema,
  definitionVersionParamsSchema: workflow.definitionVersionParamsSchema,
  notificationQuerySchema: workflow.notificationQuerySchema,
  holidayQuerySchema: workflow.holidayQuerySchema,
  deadLetterQuerySchema: workflow.deadLetterQuerySchema,
  deadLetterParamsSchema: workflow.deadLetterParamsSchema,
  mobileSchema: connection.mobileSchema,
  applicationNoSchema: connection.applicationNoSchema,
  meterAssetNoSchema: connection.meterAssetNoSchema,
  createApplicationRequestSchema: connection.createApplicationRequestSchema,
  surveyCompleteSchema: connection.surveyCompleteSchema,
  schemeCompleteSchema: connection.schemeCompleteSchema,
  approveSchemeSchema: connection.approveSchemeSchema,
  replyCompleteSchema: connection.replyCompleteSchema,
  checkCompleteSchema: connection.checkCompleteSchema,
  contractCompleteSchema: connection.contractCompleteSchema,
  installCompleteSchema: connection.installCompleteSchema,
  archiveCompleteSchema: connection.archiveCompleteSchema,
  revisitCompleteSchema: connection.revisitCompleteSchema,
  returnApplicationSchema: connection.returnApplicationSchema,
  suspendApplicationSchema: connection.suspendApplicationSchema,
  acceptResubmitSchema: connection.acceptResubmitSchema,
  applicationListQuerySchema: connection.applicationListQuerySchema,
  tgQuerySchema: connection.tgQuerySchema,
  duplicateCheckRequestSchema: connection.duplicateCheckRequestSchema,
  // 系统管理 rollout (issue 20): its own entry, qualified.
  'iamAdmin.importRequestSchema': iamAdmin.importRequestSchema,
  'iamAdmin.updateOrgUnitRequestSchema': iamAdmin.updateOrgUnitRequestSchema,
  'iamAdmin.moveOrgUnitRequestSchema': iamAdmin.moveOrgUnitRequestSchema,
  'iamAdmin.setOrgUnitStatusRequestSchema': iamAdmin.setOrgUnitStatusRequestSchema,
  'iamAdmin.mergeOrgUnitRequestSchema': iamAdmin.mergeOrgUnitRequestSchema,
  'iamAdmin.expiringQuerySchema': iamAdmin.expiringQuerySchema,
  'iamAdmin.adminUserListQuerySchema': iamAdmin.adminUserListQuerySchema,
  'iamAdmin.bulkUsersRequestSchema': iamAdmin.bulkUsersRequestSchema,
  'iamAdmin.bulkStatusRequestSchema': iamAdmin.bulkStatusRequestSchema,
  // 95598 客服工单 and 电费账务 (issue 18 item 5): their names are qualified, some repeat another contract's.
  'ticket.ticketNoSchema': ticket.ticketNoSchema,
  'ticket.phoneSchema': ticket.phoneSchema,
  'ticket.ticketListQuerySchema': ticket.ticketListQuerySchema,
  'ticket.createTicketSchema': ticket.createTicketSchema,
  'ticket.dispatchCompleteSchema': ticket.dispatchCompleteSchema,
  'ticket.acceptCompleteSchema': ticket.acceptCompleteSchema,
  'ticket.arriveCompleteSchema': ticket.arriveCompleteSchema,
  'ticket.handleCompleteSchema': ticket.handleCompleteSchema,
  'ticket.reviewCompleteSchema': ticket.reviewCompleteSchema,
  'ticket.revisitCompleteSchema': ticket.revisitCompleteSchema,
  'ticket.urgeRequestSchema': ticket.urgeRequestSchema,
  'ticket.superviseRequestSchema': ticket.superviseRequestSchema,
  'ticket.lookupQuerySchema': ticket.lookupQuerySchema,
  'ticket.incomingCallSchema': ticket.incomingCallSchema,
  'ticket.simulateCallSchema': ticket.simulateCallSchema,
  'ticket.outageQuerySchema': ticket.outageQuerySchema,
  'ticket.outageRequestSchema': ticket.outageRequestSchema,
  'ticket.precheckQuerySchema': ticket.precheckQuerySchema,
  'ticket.knowledgeQuerySchema': ticket.knowledgeQuerySchema,
  'ticket.slaRuleKeySchema': ticket.slaRuleKeySchema,
  'ticket.slaRuleUpdateSchema': ticket.slaRuleUpdateSchema,
  'billing.ymSchema': billing.ymSchema,
  'billing.consNoParamSchema': billing.consNoParamSchema,
  'billing.orgUnitCodeSchema': billing.orgUnitCodeSchema,
  'billing.fenSchema': billing.fenSchema,
  'billing.readingEntrySchema': billing.readingEntrySchema,
  'billing.calcBatchRequestSchema': billing.calcBatchRequestSchema,
  'billing.paymentRequestSchema': billing.paymentRequestSchema,
  'billing.reversalRequestSchema': billing.reversalRequestSchema,
  'billing.arrearsQuerySchema': billing.arrearsQuerySchema,
  'billing.cutoffRequestSchema': billing.cutoffRequestSchema,
  'billing.orderListQuerySchema': billing.orderListQuerySchema,
  'billing.orderCompleteSchema': billing.orderCompleteSchema,
  'billing.dailyPaymentsQuerySchema': billing.dailyPaymentsQuerySchema,
  'billing.batchListQuerySchema': billing.batchListQuerySchema,
  'billing.protectRequestSchema': billing.protectRequestSchema,
  'billing.idParamsSchema': billing.idParamsSchema,
  'billing.adjustmentRequestSchema': billing.adjustmentRequestSchema,
  'billing.adjustmentDecisionSchema': billing.adjustmentDecisionSchema,
  'billing.adjustmentListQuerySchema': billing.adjustmentListQuerySchema,
  'billing.readingKeyParamsSchema': billing.readingKeyParamsSchema,
  'billing.readingReviewSchema': billing.readingReviewSchema,
  'billing.batchAuditSchema': billing.batchAuditSchema,
  'billing.bankImportRequestSchema': billing.bankImportRequestSchema,
  'billing.remittanceQuerySchema': billing.remittanceQuerySchema,
  'billing.dunningRunRequestSchema': billing.dunningRunRequestSchema,
  'billing.dunningCompleteSchema': billing.dunningCompleteSchema,
  'billing.dunningListQuerySchema': billing.dunningListQuerySchema,
  'billing.smsListQuerySchema': billing.smsListQuerySchema,
  'billing.readPlanQuerySchema': billing.readPlanQuerySchema,
  'billing.readPlanParamsSchema': billing.readPlanParamsSchema,
  'billingCounter.counterLookupQuerySchema': billingCounter.counterLookupQuerySchema,
  'billingCounter.counterPaymentFormSchema': billingCounter.counterPaymentFormSchema,
  'billingCounter.customerBillsPartPropsSchema': billingCounter.customerBillsPartPropsSchema,
};
/** What the server answers (or the registry builds): not client input. Enums are closed by construction. */
const RESPONSES = new Set([
  'manifestSchema', // uploaded inside a bundle's zip; checked as a whole below
  'moduleFormatSchema', // an enum of the manifest
  'publishWarningSchema', 'approveResponseSchema', 'platformDescriptorSchema',
  'deadLetterSchema', 'deadLetterListSchema', 'outboxConsumerStatsSchema', 'pushNotificationEventSchema', 'pushInboxEventSchema',
  'apiErrorSchema', 'appIdSchema', 'channelSchema', 'menuSchema', 'permissionKeySchema', 'widgetSchema', 'zoneSchema', 'feedAppSchema',
  'feedMenuSchema', 'feedSchema', 'feedWidgetSchema', 'importMapSchema', 'postRefSchema', 'sessionUserSchema', 'customerDetailSchema',
  'customerSearchResultSchema', 'customerSummarySchema', 'meterSchema', 'searchFieldSchema', 'orgUnitTypeSchema', 'orgUnitSchema',
  'postAssignmentSchema', 'adminUserSchema', 'permissionTypeSchema', 'permissionNodeSchema', 'dataScopeTypeSchema', 'roleSchema',
  'auditEntrySchema', 'accessAlertSchema', 'versionStatusSchema', 'appStatusSchema', 'rolloutSchema', 'visibilitySchema',
  'storeAppSummarySchema', 'storeVersionSchema', 'storeAppDetailSchema', 'publishResponseSchema', 'storeEventSchema', 'marketAppSchema',
  'layoutSchema', 'taskStateSchema', 'slaStateSchema', 'instanceStatusSchema', 'assignmentSchema', 'taskSchema', 'inboxBoxSchema',
  'inboxItemSchema', 'inboxPageSchema', 'historyEntrySchema', 'instanceDetailSchema', 'processDefinitionSchema', 'notificationSchema',
  'notificationListSchema', 'instanceDiagramSchema', 'holidayListSchema', 'connectionVariantSchema', 'connectionNodeSchema',
  'applicationStatusSchema', 'applicationSummarySchema', 'applicationListSchema', 'applicationDetailSchema', 'boardSchema',
  'capacityOptionSchema', 'capacityOptionListSchema', 'duplicateCheckSchema', 'billing.billingFactEventSchema',
  'iamAdmin.importIssueSchema', 'iamAdmin.importJobSchema', 'iamAdmin.orgUnitChangeSchema', 'iamAdmin.expiringAssignmentSchema',
  'iamAdmin.bulkResultSchema', 'iamAdmin.roleSourceSchema', 'iamAdmin.permissionExplanationSchema', 'iamAdmin.effectivePermissionsSchema',
  // 界面部件 (ADR 0030): the manifest's parts are checked with the manifest as a whole; the rest are answers.
  'exposedPartSchema', 'partIdSchema', 'partPropsSchema', 'usedPartSchema',
  'feedPartSchema', 'partCatalogueSchema', 'partCatalogueEntrySchema', 'partConsumerSchema', 'partImpactSchema',
  // 95598 客服工单: enums (closed sets), the answers, and the configuration the service answers (`GET /config`).
  'ticket.ticketTypeSchema', 'ticket.serviceSubTypeSchema', 'ticket.ticketSourceSchema', 'ticket.ticketUrgencySchema',
  'ticket.areaClassSchema', 'ticket.ticketStatusSchema', 'ticket.ticketNodeSchema', 'ticket.revisitOutcomeSchema',
  'ticket.outageKindSchema', 'ticket.outageStatusSchema', 'ticket.slaClockSchema', 'ticket.slaUnitSchema',
  'ticket.slaClockRuleSchema', 'ticket.slaRuleSchema', 'ticket.ticketConfigSchema', 'ticket.ticketSlaSchema',
  'ticket.ticketSummarySchema', 'ticket.timelineEntrySchema', 'ticket.urgeRecordSchema', 'ticket.ticketDetailSchema', 'ticket.ticketBranchSchema', 'ticket.ticketBranchStatusSchema',
  'ticket.ticketViewSchema', 'ticket.ticketPageSchema', 'ticket.createTicketResultSchema', 'ticket.revealResultSchema',
  'ticket.customerMatchSchema', 'ticket.lookupResultSchema', 'ticket.callSchema', 'ticket.currentCallSchema',
  'ticket.outageSchema', 'ticket.outagePageSchema', 'ticket.precheckSchema', 'ticket.knowledgeSchema',
  'ticket.knowledgeListSchema', 'ticket.ticketStatsSchema', 'ticket.slaRuleEntrySchema', 'ticket.slaRuleListSchema',
  // 电费账务: answers (the tariff and settings are seeded and answered, no route takes them as input).
  'billing.bandPricesSchema', 'billing.tariffFundSchema', 'billing.tariffSchema', 'billing.billLineSchema',
  'billing.billCalculationSchema', 'billing.receivableSchema', 'billing.readingSchema', 'billing.calcBatchSchema',
  'billing.allocationSchema', 'billing.paymentSchema', 'billing.accountSchema', 'billing.arrearsRowSchema',
  'billing.arrearsPageSchema', 'billing.orderSchema', 'billing.dunningStepSchema', 'billing.billingSettingsSchema',
  'billing.payResultSchema', 'billing.adjustmentSchema', 'billing.adjustmentPageSchema', 'billing.bankLineResultSchema',
  'billing.bankImportSchema', 'billing.remittanceRowSchema', 'billing.remittanceReportSchema', 'billing.dunningRunResultSchema',
  'billing.readingListSchema',
  'billing.dunningActionSchema', 'billing.smsMessageSchema', 'billing.readPlanSchema', 'billing.readPlanListSchema',
  'billing.readPlanDetailSchema',
  'billingCounter.counterCustomerSchema', 'billingCounter.counterLookupResultSchema', 'billingCounter.batchDetailSchema',
  'billingCounter.batchListSchema', 'billingCounter.orderPageSchema', 'billingCounter.counterUnitsSchema',
]);

interface Leaves {
  strings: [string, z.ZodType][];
  numbers: [string, z.ZodType][];
  records: [string, z.ZodType][];
}

/** The string, number and record leaves of a schema, by walking zod's definitions. */
function leavesOf(schema: z.ZodType, at: string, out: Leaves = { strings: [], numbers: [], records: [] }): Leaves {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const walk = (child: unknown, where: string) => leavesOf(child as z.ZodType, where, out);
  switch (def.type) {
    case 'string':
      out.strings.push([at, schema]);
      break;
    case 'number':
      out.numbers.push([at, schema]);
      break;
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) walk(child, `${at}.${key}`);
      break;
    case 'array':
      walk(def.element, `${at}[]`);
      break;
    case 'record':
      out.records.push([at, schema]);
      walk(def.keyType, `${at}{key}`);
      break;
    case 'pipe':
      walk(def.in, at);
      walk(def.out, at);
      break;
    case 'union':
      (def.options as unknown[]).forEach((o, i) => walk(o, `${at}|${i}`));
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      walk(def.innerType, at);
      break;
    default: // enum, literal, boolean, unknown, transform: closed sets or nothing to check
  }
  return out;
}

describe('the manifest of an uploaded bundle', () => {
  const manifest = {
    id: 'probe-app',
    name: '探针',
    version: '1.0.0',
    entry: 'main.js',
    description: '说明\n第二行',
    routes: ['/app/probe-app'],
    menus: [{ key: 'home', title: '首页', path: '/app/probe-app', icon: 'home' }],
    widgets: [{ id: 'w', title: '组件' }],
    permissions: [{ key: 'probe:app:use', name: '使用', type: 'APP' }],
    services: [{ name: 'customer', version: '1' }],
  };
  const paths = (value: unknown, at: (string | number)[] = []): (string | number)[][] =>
    typeof value === 'string' ? [at] : typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => paths(v, [...at, Array.isArray(value) ? Number(k) : k])) : [];
  const put = (value: unknown, [head, ...rest]: (string | number)[], leaf: string): unknown => {
    if (head === undefined) return leaf;
    const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
    copy[head] = put(copy[head], rest, leaf);
    return copy;
  };

  it('is valid as written', () => {
    expect(core.manifestSchema.safeParse(manifest).success).toBe(true);
  });

  it('refuses a bad character in any of its strings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths(manifest)), withBad, (path, bad) => {
        expect(core.manifestSchema.safeParse(put(manifest, path, bad)).success).toBe(false);
      }),
    );
  });
});

describe('every request, query and path schema', () => {
  const schemaNames = (module: object, prefix = ''): string[] => Object.entries(module).filter(([, v]) => v instanceof z.ZodType).map(([k]) => `${prefix}${k}`);
  // The later contracts repeat some names (`revisitCompleteSchema`, `orgUnitCodeSchema`): theirs are qualified.
  const exported = [
    ...schemaNames({ ...core, ...appstore, ...workflow, ...connection }),
    ...schemaNames(ticket, 'ticket.'),
    ...schemaNames(billing, 'billing.'),
    ...schemaNames(billingCounter, 'billingCounter.'),
    ...schemaNames(iamAdmin, 'iamAdmin.'),
  ];
  const leaves = Object.entries(REQUESTS).map(([name, schema]) => leavesOf(schema, name));
  const strings = leaves.flatMap((l) => l.strings);
  const numbers = leaves.flatMap((l) => l.numbers);
  const records = leaves.flatMap((l) => l.records);

  it('is listed: each exported schema is either client input (checked below) or a response', () => {
    const unlisted = exported.filter((name) => !(name in REQUESTS) && !RESPONSES.has(name));
    expect(unlisted).toEqual([]);
    expect(strings.length).toBeGreaterThan(100);
  });

  /**
   * Plain `z.string()` leaves found when ticket and billing joined this check (issue 18 item 5), to be made
   * `text()` by the owners of those contracts; until then they are listed here and proved still open below, so
   * that fixing one fails `is still open` and the entry is removed with the fix.
   */
  const OPEN_GAPS: string[] = [];

  it('still has the open gaps listed (remove an entry when its contract is fixed)', () => {
    const accepted = strings.filter(([at, leaf]) => OPEN_GAPS.includes(at) && leaf.safeParse('a\u0000b').success).map(([at]) => at);
    expect(accepted.sort()).toEqual([...OPEN_GAPS].sort());
  });

  it('refuses, in every string leaf, any value with NUL, a lone surrogate or a control character', () => {
    fc.assert(
      fc.property(withBad, (bad) => {
        const accepted = strings.filter(([at, leaf]) => !OPEN_GAPS.includes(at) && leaf.safeParse(bad).success).map(([at]) => at);
        expect(accepted).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('bounds every number leaf: huge, negative-huge and non-finite numbers are refused', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 1e16, noNaN: true }), fc.double({ max: -1e16, noNaN: true }), fc.constantFrom(Number.NaN, Infinity, -Infinity)), (n) => {
        expect(numbers.filter(([, leaf]) => leaf.safeParse(n).success).map(([at]) => at)).toEqual([]);
      }),
    );
  });

  it('refuses, in every free-form record, a bad string at any depth', () => {
    expect(records.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(withBad, (bad) => {
        expect(records.filter(([, leaf]) => leaf.safeParse({ a: { b: [bad] } }).success).map(([at]) => at)).toEqual([]);
      }),
    );
  });
});
