/**
 * What the 95598 ticket service asks billing, in-process and inside its own reads (issue 12 派单前研判: "查欠费停电 →
 * 直接答复结单"): a customer's overdue 电费 and the 违约金 charged so far, and whether the 户 is cut off for arrears.
 */
import type { Queryable } from '@wb/server-kit';

export interface CustomerArrears {
  /** Overdue 电费 and charged 违约金 not yet paid, in 分. */
  oweFen: number;
  /** 欠费停电: the 户's power is off. */
  cutOff: boolean;
}

/** `today`: the business date (Asia/Shanghai), `YYYY-MM-DD`; receivables due before it count as arrears. */
export async function customerArrears(q: Queryable, consNo: string, today: string): Promise<CustomerArrears> {
  const [row] = await q.query<{ owe: string | null; off: boolean | null }>(
    `SELECT (SELECT COALESCE(sum((amount_fen - paid_fen) + (penalty_fen - penalty_paid_fen)), 0)
               FROM billing_receivable
              WHERE cons_no = $1 AND due_date < $2::date AND (paid_fen < amount_fen OR penalty_paid_fen < penalty_fen))::text AS owe,
            (SELECT power_state = 'OFF' FROM billing_account WHERE cons_no = $1) AS off`,
    [consNo, today],
  );
  return { oweFen: Number(row?.owe ?? 0), cutOff: row?.off === true };
}
