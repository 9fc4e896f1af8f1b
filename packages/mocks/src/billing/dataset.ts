import type { BillLine, CalcBatch, Order, Payment, Reading, Receivable } from '@wb/contracts/billing';

/**
 * A small 电费账务 world for the billing mock (issue 13): customers of 临川城区供电所 with twelve-ish months of
 * receivables, a few in arrears (one cut off, one 保电/敏感), orders on the 停复电 board, and calculation batches.
 * Amounts are integer 分; dates are relative to the moment the dataset is made, as the seed's are to the server's.
 */
export interface MockBillingAccount {
  consNo: string;
  name: string;
  address: string;
  phone: string;
  orgUnitCode: string;
  orgUnitName: string;
  tariffCode: string;
  resident: boolean;
  prepaidFen: number;
  protectedFlag: boolean;
  powerState: 'ON' | 'OFF';
  noticeAt: string | null;
  version: number;
}

export interface MockBatchBill {
  consNo: string;
  tariffCode: string;
  kwh: number;
  amountFen: number;
  exception: string | null;
}

export interface BillingDataset {
  accounts: MockBillingAccount[];
  receivables: Receivable[];
  payments: Payment[];
  orders: Order[];
  batches: Array<{ batch: CalcBatch; bills: MockBatchBill[] }>;
  units: Array<{ code: string; name: string }>;
  /** Meter readings (采集 each month; this month's manual one of 张丽华 jumped and waits for 复核). */
  readings: Reading[];
  /** `<户号>-<年月>` of the readings whose 抄表复核 is open (the service's bound task, ADR 0049). */
  openReviews: string[];
  /** Ids of the batches whose 量费审核 is open (a batch calculated with exceptions, until it is audited). */
  openAudits: string[];
  /** The collector the mock takes payments as. */
  collector: string;
  /** The 抄表员 the mock takes readings and 复核 as. */
  reader: string;
}

const DAY = 86_400_000;
export const MOCK_BILLING_UNIT = { code: '334010201', name: '临川城区供电所' };

/** `YYYYMM` of `monthsAgo` months before `now` (China time is close enough for a mock). */
export function ymBefore(now: Date, monthsAgo: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function dueDateOf(ym: string): string {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(4));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function lines(kwh: number, amountFen: number): BillLine[] {
  return [{ kind: 'ENERGY', name: '电度电费', quantity: kwh, price: Math.round((amountFen * 100) / Math.max(kwh, 1)), amountFen }];
}

interface Seed {
  consNo: string;
  name: string;
  address: string;
  phone: string;
  /** Months (counted back from last month) still open. */
  open: number;
  powerState?: 'ON' | 'OFF';
  protectedFlag?: boolean;
  resident?: boolean;
}

const SEEDS: Seed[] = [
  { consNo: '3340201001', name: '王建华', address: '临川市城区文昌路 18 号 2 单元 301', phone: '13805710001', open: 3, powerState: 'OFF' },
  { consNo: '3340201002', name: '李秀英', address: '临川市城区文昌路 20 号 1 单元 502', phone: '13805710002', open: 1 },
  { consNo: '3340201003', name: '张伟', address: '临川市城区迎宾大道 66 号', phone: '13805710003', open: 0 },
  { consNo: '3340201004', name: '临川市第一人民医院', address: '临川市城区人民路 1 号', phone: '05718800004', open: 2, protectedFlag: true, resident: false },
  { consNo: '3340201005', name: '陈晓东', address: '临川市城区解放街 9 号', phone: '13805710005', open: 4, powerState: 'OFF' },
  { consNo: '3340201006', name: '刘洋', address: '临川市城区解放街 11 号', phone: '13805710006', open: 0 },
  { consNo: '3340201007', name: '张丽华', address: '临川市城区青云路 3 号', phone: '13805710007', open: 1 },
];

/** A month's 采集 reading: from `prevIndex`, `kwh` on a direct meter, all at the flat price. */
function amiReading(consNo: string, ym: string, prevIndex: number, kwh: number): Reading {
  return {
    consNo, ym, source: 'AMI', prevIndex, currIndex: prevIndex + kwh, multiplier: 1, kwh, peakKwh: 0, flatKwh: kwh, valleyKwh: 0, kvarh: 0, demandKw: 0,
    exception: null, mrSectNo: null, reviewedBy: null, version: 1,
  };
}

/** Open penalty accrued so far on a receivable open for `monthsOpen` months (mock: 1‰ a day for residents, 2‰ else, at least 1 元). */
function accruedOf(amountFen: number, days: number, resident: boolean): number {
  if (days <= 0) return 0;
  return Math.max(100, Math.round((amountFen * days * (resident ? 1 : 2)) / 1000));
}

export function createBillingDataset(now: Date = new Date()): BillingDataset {
  const iso = (at: number): string => new Date(at).toISOString();
  const accounts: MockBillingAccount[] = [];
  const receivables: Receivable[] = [];
  const payments: Payment[] = [];
  const readings: Reading[] = [];
  let receivableId = 1000;
  let paymentId = 5000;
  for (const [index, s] of SEEDS.entries()) {
    const resident = s.resident ?? true;
    accounts.push({
      consNo: s.consNo, name: s.name, address: s.address, phone: s.phone, orgUnitCode: MOCK_BILLING_UNIT.code, orgUnitName: MOCK_BILLING_UNIT.name,
      tariffCode: resident ? 'RES-LV' : 'GEN-LV', resident, prepaidFen: 0, protectedFlag: s.protectedFlag ?? false, powerState: s.powerState ?? 'ON',
      noticeAt: s.powerState === 'OFF' ? iso(now.getTime() - 20 * DAY) : null, version: 1,
    });
    let meterIndex = 4000 + index * 1500;
    for (let back = 6; back >= 1; back -= 1) {
      const ym = ymBefore(now, back);
      const kwh = 150 + ((index * 37 + back * 13) % 120);
      readings.push(amiReading(s.consNo, ym, meterIndex, kwh));
      meterIndex += kwh;
      const amountFen = resident ? Math.round(kwh * 56.3) : kwh * 92;
      const open = back <= s.open;
      const dueDate = dueDateOf(ym);
      const daysLate = Math.floor((now.getTime() - Date.parse(`${dueDate}T16:00:00Z`)) / DAY);
      const id = String(receivableId++);
      receivables.push({
        id, consNo: s.consNo, ym, orgUnitCode: MOCK_BILLING_UNIT.code, tariffCode: resident ? 'RES-LV' : 'GEN-LV', kwh, lines: lines(kwh, amountFen), amountFen,
        paidFen: open ? 0 : amountFen, penaltyFen: 0, penaltyPaidFen: 0, accruedPenaltyFen: open ? accruedOf(amountFen, daysLate, resident) : 0,
        dueDate, status: open ? 'UNPAID' : 'PAID', issuedAt: iso(Date.parse(`${dueDate}T00:00:00Z`) - 25 * DAY),
      });
      if (!open) {
        payments.push({
          id: String(paymentId++), consNo: s.consNo, amountFen, method: back % 2 === 0 ? 'BANK' : 'QR', collector: 'df03', paidAt: iso(Date.parse(`${dueDate}T02:00:00Z`) - 5 * DAY),
          allocations: [{ receivableId: id, ym, principalFen: amountFen, penaltyFen: 0 }], prepaidFen: 0, reversed: false, reversedBy: null, reversedAt: null,
          restoreOrderId: null, version: 1,
        });
      }
    }
  }
  const order = (id: string, kind: Order['kind'], consNo: string, status: Order['status'], plannedAgoH: number, dueInH: number | null): Order => {
    const planned = now.getTime() - plannedAgoH * 3_600_000;
    const due = dueInH === null ? null : now.getTime() + dueInH * 3_600_000;
    return {
      id, kind, consNo, orgUnitCode: MOCK_BILLING_UNIT.code, status, plannedAt: iso(planned), dueAt: due === null ? null : iso(due), createdBy: 'df03', createdAt: iso(planned),
      doneAt: status === 'OPEN' ? null : iso(planned + 3_600_000), overdue: due !== null && status === 'OPEN' && due < now.getTime(), version: 1,
    };
  };
  const orders: Order[] = [
    order('9001', 'CUTOFF', '3340201001', 'DONE', 10 * 24, null),
    order('9002', 'CUTOFF', '3340201005', 'DONE', 12 * 24, null),
    order('9003', 'RESTORE', '3340201006', 'OPEN', 3, 21),
    order('9004', 'RESTORE', '3340201003', 'FAILED', 72, -48),
  ];
  const lastMonth = ymBefore(now, 1);
  const thisMonth = ymBefore(now, 0);
  const batch = (id: string, ym: string, status: CalcBatch['status'], bills: MockBatchBill[]): { batch: CalcBatch; bills: MockBatchBill[] } => {
    const ok = bills.filter((b) => b.exception === null);
    return {
      batch: {
        id, ym, orgUnitCode: MOCK_BILLING_UNIT.code, status, bills: bills.length, kwh: ok.reduce((s, b) => s + b.kwh, 0), amountFen: ok.reduce((s, b) => s + b.amountFen, 0),
        exceptions: bills.length - ok.length, issued: status === 'ISSUED' ? ok.length : 0, createdBy: 'df02', createdAt: iso(now.getTime() - 3 * DAY),
        issuedAt: status === 'ISSUED' ? iso(now.getTime() - 2 * DAY) : null, version: status === 'ISSUED' ? 2 : 1,
      },
      bills,
    };
  };
  const billsOf = (withExceptions: boolean): MockBatchBill[] =>
    SEEDS.map((s, i) => ({
      consNo: s.consNo, tariffCode: s.resident === false ? 'GEN-LV' : 'RES-LV', kwh: 180 + i * 11, amountFen: (180 + i * 11) * 56,
      exception: withExceptions && i === 2 ? '抄表异常：ZERO' : withExceptions && i === 4 ? '电费突增' : null,
    }));
  // 张丽华's reading of this month, entered by hand, jumped (突增): its 复核 is open.
  const jumped = readings.filter((r) => r.consNo === '3340201007').at(-1)!;
  readings.push({ ...amiReading('3340201007', thisMonth, jumped.currIndex, jumped.kwh * 5), source: 'MANUAL', exception: 'JUMP', mrSectNo: `${MOCK_BILLING_UNIT.code}01` });
  return {
    accounts,
    receivables,
    payments,
    orders,
    readings,
    openReviews: [`3340201007-${thisMonth}`],
    openAudits: ['71'],
    reader: 'df01',
    batches: [batch('71', thisMonth, 'CALCULATED', billsOf(true)), batch('70', lastMonth, 'ISSUED', billsOf(false))],
    units: [MOCK_BILLING_UNIT],
    collector: 'df03',
  };
}
