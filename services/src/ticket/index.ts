export { ticketServicePlugin } from './plugin.ts';
export type { TicketServiceOptions } from './plugin.ts';
export { ticketMigrations } from './migrations.ts';
export { deployTicketProcesses, ticketProcessXml, TICKET_SYSTEM_ACTOR } from './processes.ts';
export { createTicketOperations, DEFAULT_TICKET_SETTINGS } from './operations.ts';
export type { CreateTicketInput, TicketOperations, TicketSettings } from './operations.ts';
export { ticketScopeFromAccess } from './scope.ts';
/** 停电信息 reads (客户360, 掌上电力 by 户号's 台区). */
export { createDesk } from './desk.ts';
export type { TicketScope, TicketScopeResolver } from './scope.ts';

/** Service name and major version as the gateway routes them: `/api/svc/ticket/v1`. */
export { TICKET_SERVICE } from '@wb/contracts/ticket';
/** 营销运营监测's read of 工单 (ADR 0061). */
export { ticketsForIndicators } from './indicator-port.ts';
export type { TicketForIndicators } from './indicator-port.ts';
/** 全局搜索's read of 工单 (ADR 0066). */
export { ticketsForSearch } from './search-port.ts';
