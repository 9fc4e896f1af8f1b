/**
 * Demo customers of 掌上电力 (demo mode only, after billing and 业扩 are seeded): three phones, each with a 户号
 * bound, chosen from the seeded books so that each shows one case — arrears with 违约金, cut off and waiting for
 * 复电 once paid, and an 业扩 application in flight (its applicant's phone). Deterministic for a given data set;
 * skipped when any customer exists. They sign in with a code (the development SMS page shows it).
 */
import type { Db } from '@wb/server-kit';

export const DEMO_CUSTOMERS = [
  { phone: '13900000001', case: '欠费（含违约金）' },
  { phone: '13900000002', case: '欠费停电，缴清后复电' },
  { phone: '13900000003', case: '业扩申请办理中' },
] as const;

export interface CustomerPortalSeedReport {
  skipped: boolean;
  customers: Array<{ phone: string; consNo: string | null; appNo?: string | null; case: string }>;
}

export async function seedCustomerPortal(db: Db, options: { now: Date }): Promise<CustomerPortalSeedReport> {
  const [any] = await db.query('SELECT 1 FROM cp_customer LIMIT 1');
  if (any) return { skipped: true, customers: [] };
  const overdue = `EXISTS (SELECT 1 FROM billing_receivable r WHERE r.cons_no = a.cons_no AND r.paid_fen < r.amount_fen AND r.due_date < $1::date)`;
  const today = options.now.toISOString().slice(0, 10);
  const [arrears] = await db.query<{ cons_no: string }>(
    `SELECT a.cons_no FROM billing_account a JOIN customer c ON c.cons_no = a.cons_no
      WHERE a.power_state = 'ON' AND a.resident AND NOT a.protected_flag AND c.phone ~ '^1[0-9]{10}$' AND ${overdue} ORDER BY a.cons_no LIMIT 1`,
    [today],
  );
  const [cutOff] = await db.query<{ cons_no: string }>(
    `SELECT a.cons_no FROM billing_account a JOIN customer c ON c.cons_no = a.cons_no
      WHERE a.power_state = 'OFF' AND c.phone ~ '^1[0-9]{10}$' AND ${overdue}
        AND NOT EXISTS (SELECT 1 FROM billing_order o WHERE o.cons_no = a.cons_no AND o.kind = 'RESTORE' AND o.status = 'OPEN') ORDER BY a.cons_no LIMIT 1`,
    [today],
  );
  const [application] = await db.query<{ app_no: string; cons_no: string | null }>(
    `SELECT y.app_no, (SELECT c.cons_no FROM customer c WHERE c.org_unit_code = y.org_unit_code AND c.phone ~ '^1[0-9]{10}$' ORDER BY c.cons_no LIMIT 1) AS cons_no
       FROM yk_application y
      WHERE EXISTS (SELECT 1 FROM wf_instance i WHERE i.business_key = y.app_no AND i.status = 'RUNNING') ORDER BY y.app_no LIMIT 1`,
  );
  const picks: Array<{ phone: string; consNo: string | null; appNo?: string | null; case: string }> = [
    { phone: DEMO_CUSTOMERS[0].phone, consNo: arrears?.cons_no ?? null, case: DEMO_CUSTOMERS[0].case },
    { phone: DEMO_CUSTOMERS[1].phone, consNo: cutOff?.cons_no ?? null, case: DEMO_CUSTOMERS[1].case },
    { phone: DEMO_CUSTOMERS[2].phone, consNo: application?.cons_no ?? null, appNo: application?.app_no ?? null, case: DEMO_CUSTOMERS[2].case },
  ];
  await db.transaction(async (tx) => {
    for (const p of picks) {
      const [c] = await tx.query<{ id: string }>('INSERT INTO cp_customer (phone, created_at) VALUES ($1, $2) RETURNING id::text AS id', [p.phone, options.now]);
      if (p.consNo) await tx.query('INSERT INTO cp_binding (customer_id, cons_no, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [c!.id, p.consNo, options.now]);
    }
    // The third demo customer is the applicant: 业扩 progress is shown to the phone the application was registered with.
    if (application) await tx.query('UPDATE yk_application SET contact_mobile = $2 WHERE app_no = $1', [application.app_no, DEMO_CUSTOMERS[2].phone]);
  });
  return { skipped: false, customers: picks };
}
