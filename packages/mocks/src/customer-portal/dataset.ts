import { CONNECTION_NODES, CONNECTION_VARIANTS, variantNodes } from '@wb/contracts/connection';
import type { PayOrder, PortalApplication, PortalOutage, PortalPayment, PortalTicket } from '@wb/contracts/customer-portal';
import { ymBefore } from '../billing/dataset.ts';

/**
 * A small 掌上电力 world for the customer-portal mock (issue 14): five 户 of 临川城区供电所 with their bills, one
 * registered customer (the service's first demo phone) who bound three of them, an outage on their 台区 and an 业扩
 * application registered with that phone. Plain data only (no Map, no function): the dev harness keeps it in
 * sessionStorage across the full page loads of the trip to the checkout. Months and dates are relative to `now`.
 */
export interface MockPortalBill {
  receivableId: string;
  ym: string;
  kwh: number;
  /** 阶梯 position (1–3), null for a non-resident tariff. */
  tier: number | null;
  amountFen: number;
  paidFen: number;
  /** 违约金 charged and accrued to today, not paid (the mock does not accrue it by day). */
  penaltyFen: number;
  dueDate: string;
}

/** A 户 of the archive as billing keeps it: holder, phone on file, power state and bills (oldest first). */
export interface MockPortalHousehold {
  consNo: string;
  name: string;
  address: string;
  orgUnitName: string;
  tgName: string;
  /** The phone on file (a binding code goes there); a landline cannot receive one. */
  phone: string;
  resident: boolean;
  powerState: 'ON' | 'OFF';
  /** A 复电 order is open (a payment cleared the cut-off 户). */
  restorePending: boolean;
  prepaidFen: number;
  bills: MockPortalBill[];
  /** Newest first. */
  payments: PortalPayment[];
}

export interface MockPortalCustomer {
  id: string;
  phone: string;
  /** The mock keeps the password itself (the service keeps a scrypt hash). */
  password: string | null;
  bindings: Array<{ consNo: string; boundAt: string }>;
}

export interface MockPortalCode {
  id: string;
  phone: string;
  purpose: 'LOGIN' | 'BIND';
  consNo: string | null;
  customerId: string | null;
  code: string;
  attempts: number;
  /** Epoch ms. */
  createdAt: number;
  used: boolean;
}

export interface MockPayOrder {
  order: PayOrder;
  customerId: string;
  /** The simulated provider's trade: its transaction id (the checkout's capability) and state. */
  transactionId: string;
  trade: 'NOTPAY' | 'SUCCESS';
  returnPath: string | null;
}

export interface CustomerPortalDataset {
  households: MockPortalHousehold[];
  customers: MockPortalCustomer[];
  /**
   * The one browser's session: the signed-in customer's id, or null. The service keeps sessions behind an HttpOnly
   * cookie, which a mock answering from a service worker cannot set.
   */
  session: string | null;
  codes: MockPortalCode[];
  /** What the SMS adapter was given, newest last (the service's development page `/dev/sms-messages`). */
  sms: Array<{ id: string; phone: string; text: string; createdAt: string }>;
  orders: MockPayOrder[];
  /**
   * 报修 reports, newest last: each customer's own (their words, `at` epoch ms: the 72-hour merge window) on a ticket
   * several reports of one 户 may share (a merge).
   */
  repairs: Array<{ ticket: PortalTicket; customerId: string; consNo: string; at: number; content: string }>;
  /** Outages by 台区 and their state (the portal shows those not ended or cancelled). */
  outages: Array<{ outage: PortalOutage; tgName: string; status: 'PLANNED' | 'ACTIVE' | 'ENDED' | 'CANCELLED' }>;
  /** 业扩 applications with the mobile phone they were registered with. */
  applications: Array<{ application: PortalApplication; mobile: string }>;
  /** Idempotency-Keys per customer and route: the body's JSON and what it created. */
  idempotency: Array<{ scope: string; key: string; body: string; result: string }>;
  /** The last id handed out (codes, messages, orders, payments, tickets). */
  sequence: number;
}

export interface CustomerPortalDatasetOptions {
  /** The dataset's today (bills are of the months before it). Default: now. */
  now?: Date;
  /** The phone signed in on the one browser (registered if new, then without 户号); null: signed out. Default the demo customer's. */
  signedIn?: string | null;
}

/** The service's first demo customer (README, ADR 0045); the mock's registered customer. */
export const MOCK_PORTAL_PHONE = '13900000001';
const UNIT = '临川城区供电所';
const WENCHANG_TG = '文昌路 1 号公变';
const DAY = 86_400_000;

/** `YYYY-MM-DD` of the last day of `ym`. */
const endOf = (ym: string): string => new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(4)), 0)).toISOString().slice(0, 10);

interface Seed {
  consNo: string;
  name: string;
  address: string;
  phone: string;
  tgName: string;
  resident?: boolean;
  powerState?: 'ON' | 'OFF';
  /** Bills from the oldest month: kWh, 阶梯, 电费 and open 违约金; `paid` when settled. */
  bills: Array<[kwh: number, tier: number | null, amountFen: number, penaltyFen: number, paid: boolean]>;
}

const SEEDS: Seed[] = [
  // 欠费（含违约金）: the component tests' 户.
  { consNo: '3340201001', name: '王建华', address: '临川市城区文昌路 18 号', phone: '13812345678', tgName: WENCHANG_TG, bills: [[180, 1, 9_540, 0, true], [420, 2, 23_456, 120, false]] },
  // 欠费停电: paying clears it, 复电 follows.
  { consNo: '3340201002', name: '李秀英', address: '临川市城区文昌路 20 号 1 单元 502', phone: '13912340002', tgName: WENCHANG_TG, powerState: 'OFF', bills: [[210, 1, 11_760, 0, true], [260, 1, 14_560, 220, false], [310, 2, 17_980, 45, false]] },
  // Several months open: paying from the oldest month.
  { consNo: '3340201005', name: '陈红', address: '临川市城区解放街 9 号', phone: '13712340005', tgName: WENCHANG_TG, bills: [[150, 1, 8_400, 380, false], [170, 1, 9_520, 150, false], [190, 1, 10_640, 30, false]] },
  // Not bound: a shop (non-resident, no 阶梯) with a mobile phone on file.
  { consNo: '3340201003', name: '文昌便利店', address: '临川市城区文昌路 22 号', phone: '13612340003', tgName: WENCHANG_TG, resident: false, bills: [[520, null, 47_840, 0, true]] },
  // Not bound: only a landline on file (binding at the counter).
  { consNo: '3340201004', name: '刘德明', address: '临川市城区青云路 3 号', phone: '0794-8223456', tgName: '青云路 2 号公变', bills: [[95, 1, 5_320, 0, true]] },
];

export function createCustomerPortalDataset(options: CustomerPortalDatasetOptions = {}): CustomerPortalDataset {
  const now = (options.now ?? new Date()).getTime();
  const iso = (at: number): string => new Date(at).toISOString();
  let sequence = 90_000;
  const households = SEEDS.map((s): MockPortalHousehold => {
    const bills = s.bills.map(([kwh, tier, amountFen, penaltyFen, paid], i): MockPortalBill => {
      const ym = ymBefore(new Date(now), s.bills.length - i);
      return { receivableId: String(++sequence), ym, kwh, tier, amountFen, paidFen: paid ? amountFen : 0, penaltyFen, dueDate: endOf(ym) };
    });
    const payments = bills
      .filter((b) => b.paidFen > 0)
      .reverse()
      .map((b): PortalPayment => {
        const id = String(++sequence);
        const paidAt = iso(Date.parse(`${b.dueDate}T02:00:00Z`) - 5 * DAY);
        return { id, consNo: s.consNo, amountFen: b.amountFen, method: 'BANK', paidAt, prepaidFen: 0, reversed: false, months: [b.ym], receiptNo: receiptNo(id, paidAt) };
      });
    return {
      consNo: s.consNo, name: s.name, address: s.address, orgUnitName: UNIT, tgName: s.tgName, phone: s.phone, resident: s.resident ?? true,
      powerState: s.powerState ?? 'ON', restorePending: false, prepaidFen: 0, bills, payments,
    };
  });
  const boundAt = iso(now - 30 * DAY);
  const customers: MockPortalCustomer[] = [
    { id: '1', phone: MOCK_PORTAL_PHONE, password: null, bindings: ['3340201001', '3340201002', '3340201005'].map((consNo) => ({ consNo, boundAt })) },
  ];
  const signedIn = options.signedIn === undefined ? MOCK_PORTAL_PHONE : options.signedIn;
  if (signedIn !== null && !customers.some((c) => c.phone === signedIn)) customers.push({ id: String(customers.length + 1), phone: signedIn, password: null, bindings: [] });
  const accepted = now - 6 * DAY;
  const day = iso(accepted + 8 * 3_600_000).slice(0, 10).replaceAll('-', '');
  const done: Partial<Record<keyof typeof CONNECTION_NODES, string>> = { accept: iso(accepted), survey: iso(accepted + 2 * DAY) };
  return {
    households,
    customers,
    session: signedIn === null ? null : customers.find((c) => c.phone === signedIn)!.id,
    codes: [],
    sms: [],
    orders: [],
    repairs: [],
    outages: [
      {
        outage: { id: '7001', kind: 'PLANNED', startAt: iso(now + 2 * DAY), endAt: iso(now + 2 * DAY + 6 * 3_600_000), area: '文昌路 1–40 号', reason: '10kV 文昌线检修' },
        tgName: WENCHANG_TG,
        status: 'PLANNED',
      },
      { outage: { id: '7000', kind: 'FAULT', startAt: iso(now - 9 * DAY), endAt: iso(now - 9 * DAY + 2 * 3_600_000), area: '文昌路 18 号', reason: '低压线路故障' }, tgName: WENCHANG_TG, status: 'ENDED' },
    ],
    applications: [
      {
        application: {
          appNo: `YK${day}00001`,
          busiType: CONNECTION_VARIANTS['yk-lv-resident'].name,
          status: 'IN_PROGRESS',
          currentStep: CONNECTION_NODES.scheme,
          acceptedAt: iso(accepted),
          steps: variantNodes('yk-lv-resident').map((node) => ({ name: CONNECTION_NODES[node], doneAt: done[node] ?? null })),
        },
        mobile: MOCK_PORTAL_PHONE,
      },
    ],
    idempotency: [],
    sequence,
  };
}

/** billing's receipt number: `SJ` + the China day of payment + the payment id in 8 digits. */
export function receiptNo(paymentId: string, paidAt: string): string {
  return `SJ${new Date(Date.parse(paidAt) + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')}-${paymentId.padStart(8, '0')}`;
}
