/**
 * Ticket clocks (ADR 0029) without a database: per-area limits, working days with holidays and 调休, states of
 * running and stopped clocks; and the intake rules and masks of the contract.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_RULES, createTicketSchema, maskCertNo, maskPhone } from '@wb/contracts/ticket';
import { clockView, currentClock, nextDueAt, ruleFor, startClocks, startRestoreClock, stopClock } from './sla.ts';

const MIN = 60_000;
// Friday 2026-03-06 10:00 China time.
const FRIDAY = new Date('2026-03-06T02:00:00Z');

describe('ticket clocks', () => {
  it('gives repairs 45 / 90 / 120 minutes to arrive by area, and 3 / 4 hours to restore from arrival', () => {
    const rule = ruleFor(DEFAULT_SLA_RULES, 'REPAIR', null);
    for (const [area, minutes] of [['urban', 45], ['rural', 90], ['remote', 120]] as const) {
      const [arrive] = startClocks(rule, area, FRIDAY, new Map());
      expect(arrive).toMatchObject({ clock: 'arrive' });
      expect(Date.parse(arrive!.dueAt) - FRIDAY.getTime()).toBe(minutes * MIN);
    }
    const arrived = new Date(FRIDAY.getTime() + 30 * MIN);
    const clocks = startRestoreClock(stopClock(startClocks(rule, 'rural', FRIDAY, new Map()), 'arrive', arrived), rule, 'rural', arrived, new Map());
    const restore = clocks.find((c) => c.clock === 'restore')!;
    expect(Date.parse(restore.dueAt) - arrived.getTime()).toBe(4 * 60 * MIN);
  });

  it('counts a complaint’s working days over the weekend, a holiday and a 调休 Saturday', () => {
    const rule = ruleFor(DEFAULT_SLA_RULES, 'COMPLAINT', null);
    // Monday 03-09 a holiday: 1 working day after Friday is Tuesday.
    const [contact, finish] = startClocks(rule, 'urban', FRIDAY, new Map([['2026-03-09', false]]));
    expect(contact!.dueAt).toBe('2026-03-10T02:00:00.000Z');
    // Without the holiday, Monday; with Saturday 03-07 a 调休 workday, Saturday.
    expect(startClocks(rule, 'urban', FRIDAY, new Map())[0]!.dueAt).toBe('2026-03-09T02:00:00.000Z');
    expect(startClocks(rule, 'urban', FRIDAY, new Map([['2026-03-07', true]]))[0]!.dueAt).toBe('2026-03-07T02:00:00.000Z');
    // 7 working days: 03-10 … 03-18 with 03-09 off.
    expect(finish!.dueAt).toBe('2026-03-18T02:00:00.000Z');
  });

  it('reports NORMAL → WARNING at 80 % → OVERDUE while running, and keeps met or missed once stopped', () => {
    const [arrive] = startClocks(ruleFor(DEFAULT_SLA_RULES, 'REPAIR', null), 'urban', FRIDAY, new Map());
    const at = (m: number): Date => new Date(FRIDAY.getTime() + m * MIN);
    expect(clockView(arrive!, at(30)).state).toBe('NORMAL');
    expect(clockView(arrive!, at(36)).state).toBe('WARNING');
    expect(clockView(arrive!, at(45))).toMatchObject({ state: 'OVERDUE', remainingMs: 0 });
    expect(clockView({ ...arrive!, stoppedAt: at(44).toISOString() }, at(500))).toMatchObject({ state: 'NORMAL', remainingMs: null });
    expect(clockView({ ...arrive!, stoppedAt: at(46).toISOString() }, at(500)).state).toBe('OVERDUE');
    expect(nextDueAt([{ ...arrive!, stoppedAt: at(10).toISOString() }])).toBeNull();
    expect(currentClock([], at(0))).toBeNull();
  });

  it('uses the configured service sub-type limits (电能表异常 4 working days, 充电预约 45 minutes)', () => {
    expect(ruleFor(DEFAULT_SLA_RULES, 'SERVICE', 'METER')?.clocks).toEqual([{ clock: 'finish', unit: 'workdays', amount: 4 }]);
    expect(ruleFor(DEFAULT_SLA_RULES, 'SERVICE', 'CHARGING')?.clocks).toEqual([{ clock: 'arrive', unit: 'minutes', amount: 45 }]);
  });
});

describe('ticket contract', () => {
  it('masks phones and 证件号', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('057188887777')).toBe('057*****7777');
    expect(maskCertNo('330102198001011234')).toBe('330***********1234');
  });

  it('refuses an intake that breaks the type rules, with every problem in Chinese', () => {
    const base = { contactName: '王建国', contactPhone: '13812345678', address: '城关镇人民路 1 号', content: '停电' };
    const fields = (body: unknown) => Object.fromEntries((createTicketSchema.safeParse(body).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(fields({ ...base, type: 'SERVICE', consNo: '3101000001' })).toMatchObject({ subType: '服务申请请选择业务子类型' });
    expect(fields({ ...base, type: 'REPAIR' })).toMatchObject({ consNo: '故障报修请先确认客户户号' });
    expect(fields({ ...base, type: 'COMPLAINT', answeredOnCall: true, consNo: '3101000001' })).toMatchObject({ answeredOnCall: '只有咨询可以当场办结' });
    expect(fields({ ...base, type: 'COMPLAINT' })).toMatchObject({ orgUnitCode: '请确认客户户号或选择处理单位' });
    expect(createTicketSchema.safeParse({ ...base, type: 'CONSULT', answeredOnCall: true }).success).toBe(true);
  });
});
