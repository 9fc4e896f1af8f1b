/**
 * The SMS gateway adapter of billing's 催费 (ADR 0043). 催费 writes a `billing.sms.requested` event in its own
 * transaction (the workflow outbox); the consumer `billing.sms-gateway` hands each to the adapter, at least once.
 * The default adapter records the message in `billing_sms_message` (a page lists them, `GET /sms-messages`); a real
 * gateway implements `SmsGateway` and is passed as the plugin's `smsGateway` option. Idempotent by the 催费 record:
 * a repeated delivery records nothing new.
 */
import type { Queryable } from '@wb/server-kit';
import type { OutboxEvent, WorkflowEngine } from '../workflow/index.ts';
import { SMS_TOPIC } from './collection.ts';

export const SMS_CONSUMER = 'billing.sms-gateway';

export interface SmsRequest {
  dunningId: string;
  consNo: string;
  orgPath: string;
  /** Empty when the archive has no phone for the customer. */
  phone: string;
  kind: 'SMS' | 'NOTICE';
  text: string;
}

export interface SmsGateway {
  /** Sends (or records) one message in the dispatcher's transaction; throw to have the outbox retry. */
  send(tx: Queryable, message: SmsRequest, at: Date): Promise<void>;
}

/** The default adapter: records the message; a customer without a phone is recorded as FAILED. */
export const recordingSmsGateway: SmsGateway = {
  async send(tx, m, at) {
    await tx.query(
      `INSERT INTO billing_sms_message (dunning_id, cons_no, org_path, phone, text, kind, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dunning_id) DO NOTHING`,
      [m.dunningId, m.consNo, m.orgPath, m.phone, m.text, m.kind, m.phone ? 'SENT' : 'FAILED', at],
    );
  },
};

function smsRequestOf(event: OutboxEvent): SmsRequest {
  const p = event.payload;
  return {
    dunningId: String(p.dunningId),
    consNo: String(p.consNo),
    orgPath: String(p.orgPath),
    phone: typeof p.phone === 'string' ? p.phone : '',
    kind: p.kind === 'NOTICE' ? 'NOTICE' : 'SMS',
    text: String(p.text),
  };
}

export function registerSmsConsumer(engine: Pick<WorkflowEngine, 'consume'>, gateway: SmsGateway, now: () => Date): () => void {
  return engine.consume(SMS_CONSUMER, [SMS_TOPIC], async (event, tx) => {
    await gateway.send(tx, smsRequestOf(event), now());
  });
}
