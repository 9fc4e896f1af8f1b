/**
 * The counter's reads (counter-routes.ts, ADR 0042) on the composed app as the demo accounts: the lookup by 户号,
 * 户名 and phone within the `bill` scope, with power state and open principal; the 欠费台账 CSV export with the
 * ledger's filters, a BOM and formula-safe cells.
 */
import { describe, expect, it } from 'vitest';
import { arrearsPageSchema } from '@wb/contracts/billing';
import { counterLookupResultSchema, counterUnitsSchema } from '@wb/contracts/billing-counter';
import { testDbKinds } from '@wb/server-kit/testing';
import { counterLookupField, csvCell } from './counter-routes.ts';
import { createBillingTestApp } from './testing.ts';
import { suiteApp } from '../testing/suite.ts';

const LINCHUAN = '334010201';

describe('counter lookup field', () => {
  it('reads 户号, phones, 户号 prefixes and names', () => {
    expect(counterLookupField('3340102010')).toBe('consNo');
    expect(counterLookupField('138 0013 8000')).toBe('phone');
    expect(counterLookupField('0571-88886666')).toBe('phone');
    expect(counterLookupField('334010')).toBe('consNoPrefix');
    expect(counterLookupField('张伟')).toBe('name');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('王五')).toBe('王五');
  });
});

describe.each(testDbKinds())('billing counter routes on %s', (kind) => {
  const t = suiteApp(() => createBillingTestApp(kind));

  it('finds customers by 户号, 户名 and phone within the collector’s unit, with power state and arrears', async () => {
    const ledger = arrearsPageSchema.parse((await t.call('df03', 'GET', `/arrears?pageSize=100&orgUnitCode=${LINCHUAN}`)).json());
    const debtor = ledger.items[0]!;
    const byNo = counterLookupResultSchema.parse((await t.call('df03', 'GET', `/counter/customers?q=${debtor.consNo}`)).json());
    expect(byNo.field).toBe('consNo');
    expect(byNo.items).toHaveLength(1);
    expect(byNo.items[0]).toMatchObject({ consNo: debtor.consNo, name: debtor.name, oweFen: debtor.oweFen, powerState: debtor.powerState, openMonths: debtor.months });
    expect(byNo.items[0]!.phone).not.toMatch(/^\d{11}$/);

    const byName = counterLookupResultSchema.parse((await t.call('df03', 'GET', `/counter/customers?q=${encodeURIComponent(debtor.name)}`)).json());
    expect(byName.field).toBe('name');
    expect(byName.items.map((c) => c.consNo)).toContain(debtor.consNo);
    expect(byName.items.every((c) => c.orgUnitCode === LINCHUAN)).toBe(true);

    const [phone] = await t.db.query<{ phone: string }>('SELECT phone FROM customer WHERE cons_no = $1', [debtor.consNo]);
    const byPhone = counterLookupResultSchema.parse((await t.call('df03', 'GET', `/counter/customers?q=${phone!.phone}`)).json());
    expect(byPhone.field).toBe('phone');
    expect(byPhone.items.map((c) => c.consNo)).toContain(debtor.consNo);

    // Out of scope: df01 works in 江北河口 and finds nothing of 临川城区.
    const foreign = counterLookupResultSchema.parse((await t.call('df01', 'GET', `/counter/customers?q=${debtor.consNo}`)).json());
    expect(foreign.items).toEqual([]);
    // The unit picker offers df03's 供电所 only; admin sees them all.
    expect(counterUnitsSchema.parse((await t.call('df03', 'GET', '/counter/units')).json()).items.map((u) => u.code)).toEqual([LINCHUAN]);
    expect(counterUnitsSchema.parse((await t.call('admin', 'GET', '/counter/units')).json()).items.length).toBeGreaterThan(3);
    // Bad input and no permission.
    expect((await t.call('df03', 'GET', '/counter/customers?q=a')).statusCode).toBe(400);
    expect((await t.call('kf01', 'GET', `/counter/customers?q=${debtor.consNo}`)).statusCode).toBe(403);
  });

  it('exports the 欠费台账 as CSV with a BOM, the filters of the screen and every row of the ledger', async () => {
    const ledger = arrearsPageSchema.parse((await t.call('df03', 'GET', '/arrears?pageSize=100&powerState=OFF')).json());
    const res = await t.call('df03', 'GET', '/counter/arrears.csv?powerState=OFF');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^户号,户名,供电单位/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(ledger.items.map((r) => r.consNo));
    expect(lines.slice(1).every((l) => l.includes('已停电') && l.includes('临川城区供电所'))).toBe(true);
    expect((await t.call('df03', 'GET', '/counter/arrears.csv?ageBand=X')).statusCode).toBe(400);
  });
});
