export { ErrorCode, ResponseError, ShellErrorCode, apiErrorSchema } from './errors.ts';
export { servicePath } from './service.ts';
export { IF_MATCH_MALFORMED, IF_MATCH_MESSAGES, parseIfMatch, versionTag } from './if-match.ts';
export {
  CUSTOMER_VIEW_PERMISSION,
  DF_BILL_CALC,
  DF_BILL_VIEW,
  DF_ORDER_MANAGE,
  DF_PAY_COLLECT,
  DF_PAY_REVERSE,
  DF_READING_ENTER,
  IAM_PERMISSION,
  KF_OUTAGE_MANAGE,
  KF_PII_REVEAL,
  KF_TICKET_ACCEPT,
  KF_TICKET_DISPATCH,
  KF_TICKET_HANDLE,
  KF_TICKET_REVISIT,
  KF_TICKET_SUPERVISE,
  KF_TICKET_VIEW,
  STORE_PERMISSIONS,
  WF_MONITOR_VIEW,
  WF_PROCESS_MANAGE,
  WF_TASK_HANDLE,
  YK_ACCEPT,
  YK_BOARD,
  YK_HANDLE,
  YK_VIEW,
} from './permissions.ts';
export type { ApiErrorBody } from './errors.ts';
export {
  MENU_ICONS,
  appIdSchema,
  channelSchema,
  exposedPartSchema,
  hasAccessRule,
  manifestSchema,
  menuOnChannel,
  menuSchema,
  moduleFormatSchema,
  partIdSchema,
  partPropsSchema,
  permissionKeySchema,
  usedPartSchema,
  widgetSchema,
  zoneSchema,
} from './manifest.ts';
export type { Channel, ExposedPart, Manifest, ManifestAccess, ManifestInput, MenuEntry, ModuleFormat, PartPropsSchema, UsedPart, WidgetEntry, Zone } from './manifest.ts';
export { feedPartSchema, knownPartJsonSchema, knownPartProps, partCatalogueSchema, partCatalogueEntrySchema, partConsumerSchema, partImpactSchema, partKey } from './parts.ts';
export type { FeedPart, KnownPartKey, KnownPartProps, PartCatalogue, PartCatalogueEntry, PartImpact } from './parts.ts';
export { isWorkbenchEventName, parseWorkbenchEvent, workbenchEventNames, workbenchEventSchemas } from './events.ts';
export type { WorkbenchEventName, WorkbenchEventPayload } from './events.ts';
export { appPathProblem, isUnderAppRoot, normaliseAppPath } from './manifest-paths.ts';
export { CUSTOMER_VISITOR, feedAppSchema, feedMenuSchema, feedSchema, feedWidgetSchema, importMapSchema, postRefSchema, sessionUserSchema } from './feed.ts';
export type { Feed, FeedApp, FeedMenu, FeedWidget, ImportMap, PostRef, SessionUser } from './feed.ts';
export { CSRF_HEADER, SESSION_COOKIE, loginRequestSchema } from './identity.ts';
export type { LoginRequest } from './identity.ts';
export {
  CUSTOMER_SERVICE,
  CUSTOMER_STATUSES,
  ELEC_TYPES,
  VOLTAGE_LEVELS,
  consNoSchema,
  customerDetailSchema,
  customerSearchQuerySchema,
  customerSearchResultSchema,
  customerSummarySchema,
  meterSchema,
  searchFieldSchema,
} from './customer.ts';
export type { CustomerDetail, CustomerSearchQuery, CustomerSearchResult, CustomerSummary, Meter, SearchField } from './customer.ts';
export { DISALLOWED_CHARS_MESSAGE, MAX_INT4, cleanText, findDisallowedChars, hasDisallowedChars, intParam, jsonRecord, text } from './text.ts';
export type { TextKind, TextOptions } from './text.ts';
export { clientErrorReportSchema } from './client-error.ts';
export type { ClientErrorReport } from './client-error.ts';
export * from './iam.ts';
export { DEFAULT_PASSWORD_RULES, passwordProblemMessage, passwordProblems } from './password-rules.ts';
export type { PasswordRules } from './password-rules.ts';
// The app store, workflow 业扩, 95598 and 电费 contracts are their own entries (`@wb/contracts/appstore`, `/workflow`,
// `/connection`, `/ticket`, `/billing`): the shell's first paint loads only the core above (docs/quality.md P3).
