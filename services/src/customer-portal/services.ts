/**
 * What 掌上电力 shows of the other services (ADR 0045), through their ports: 停电信息 on the customer's 台区 (the
 * 95598 desk), 报修 as a 95598 故障报修 ticket with source 掌上电力 and its progress, and an 业扩 application's
 * progress by its number — only for the applicant's own phone, and without the application's personal data.
 */
import { ErrorCode } from '@wb/contracts';
import { CONNECTION_NODES, variantNodes, type ConnectionNode } from '@wb/contracts/connection';
import type { PortalApplication, PortalOutage, PortalTicket } from '@wb/contracts/customer-portal';
import { AppError } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import type { WorkflowEngine } from '../workflow/index.ts';
import {
  DEFAULT_TICKET_SETTINGS,
  TICKET_SYSTEM_ACTOR,
  createConnectionOperations,
  createDesk,
  createTicketOperations,
  customersByConsNos,
  type CreateTicketInput,
} from './ports.ts';
import type { CustomerPrincipal } from './realm.ts';

/** The 95598 actor of tickets customers raise themselves. */
const PORTAL_ACTOR = { ...TICKET_SYSTEM_ACTOR, username: 'cportal', displayName: '掌上电力' };

export function createServices(deps: { db: Db; engine: WorkflowEngine; now: () => Date }) {
  const { db, engine, now } = deps;
  const tickets = createTicketOperations({ db, engine, now });
  const desk = createDesk({ db, engine, now, settings: DEFAULT_TICKET_SETTINGS });
  const connection = createConnectionOperations({ db, engine, now });

  return {
    async outages(consNo: string): Promise<PortalOutage[]> {
      const { items } = await desk.listOutages({ consNo, page: 1, pageSize: 20 });
      return items
        .filter((o) => o.status !== 'CANCELLED' && o.status !== 'ENDED')
        .map((o) => ({ id: o.id, kind: o.kind, startAt: o.startAt, endAt: o.expectedEndAt, area: o.area, reason: o.reason }));
    },

    /**
     * A 报修 as a 95598 故障报修 ticket, or — the 户 has an open repair — merged into it as 催办 (the ticket service
     * decides). Either way the report is this customer's, with their words; `replayed` when the key was used before.
     */
    async reportFault(customer: CustomerPrincipal, consNo: string, content: string, key: string | undefined): Promise<{ ticket: PortalTicket; replayed: boolean }> {
      const [c] = await customersByConsNos(db, [consNo]);
      if (!c) throw new AppError(404, ErrorCode.NotFound, '未找到该户号');
      const input = {
        source: 'APP',
        type: 'REPAIR',
        consNo,
        contactName: c.name.slice(0, 32),
        contactPhone: customer.phone,
        address: c.address,
        content,
        urgency: 'NORMAL',
        answeredOnCall: false,
        urgeReason: '',
      } as CreateTicketInput;
      const { ticketNo, replayed } = await tickets.create({ actor: PORTAL_ACTOR, scope: undefined }, input, { idempotencyKey: key ? `cp${customer.id}:${key}` : undefined });
      // A second report of the same customer merged into the same ticket keeps the first one's row.
      await db.query(
        'INSERT INTO cp_repair (ticket_no, customer_id, cons_no, content, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ticket_no, customer_id) DO NOTHING',
        [ticketNo, customer.id, consNo, content, now()],
      );
      const [own] = await this.reports(customer, consNo, ticketNo);
      if (!own) throw new AppError(404, ErrorCode.NotFound, '未找到该报修工单');
      return { ticket: own, replayed };
    },

    /** The customer's 报修 of a 户号, newest first (one ticket when `ticketNo` is given): the ticket's state, their words. */
    async reports(customer: CustomerPrincipal, consNo: string, ticketNo?: string): Promise<PortalTicket[]> {
      const rows = await db.query<{ ticket_no: string; content: string | null; created_at: Date }>(
        `SELECT ticket_no, content, created_at FROM cp_repair WHERE customer_id = $1 AND cons_no = $2 ${ticketNo ? 'AND ticket_no = $3' : ''}
          ORDER BY created_at DESC LIMIT 20`,
        ticketNo ? [customer.id, consNo, ticketNo] : [customer.id, consNo],
      );
      return Promise.all(
        rows.map(async (r) => {
          const t = await tickets.detail(r.ticket_no, undefined);
          if (!t) throw new AppError(404, ErrorCode.NotFound, '未找到该报修工单');
          // A row from before 005 has no words of its own: the ticket's are the customer's only where 掌上电力 created it.
          const words = r.content ?? (t.source === 'APP' ? t.content : '已并入客服工单处理');
          return { ticketNo: t.no, type: t.typeName, status: t.status, statusName: t.statusName, createdAt: r.created_at.toISOString(), content: words };
        }),
      );
    },

    async application(customer: CustomerPrincipal, appNo: string): Promise<PortalApplication> {
      const a = await connection.detail(appNo, undefined).catch(() => undefined);
      // Only the applicant's own phone sees it; anyone else gets the same answer as for a number that does not exist.
      if (!a || a.contactMobile !== customer.phone) throw new AppError(404, ErrorCode.NotFound, '未找到该申请，请核对申请编号（仅可查询本人手机号登记的申请）');
      const done = new Map<string, string>();
      for (const h of a.history) if (h.action === 'COMPLETE' && h.fromNode && !done.has(h.fromNode)) done.set(h.fromNode, h.at);
      return {
        appNo: a.appNo,
        busiType: a.variantName,
        status: a.status,
        currentStep: a.nodeKey ? (CONNECTION_NODES[a.nodeKey as ConnectionNode] ?? a.nodeName) : null,
        acceptedAt: a.acceptedAt,
        steps: variantNodes(a.variant).map((node) => ({ name: CONNECTION_NODES[node], doneAt: done.get(node) ?? (node === 'accept' ? a.acceptedAt : null) })),
      };
    },
  };
}

export type Services = ReturnType<typeof createServices>;
