import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import { consNoParamSchema, readingEntrySchema, readingKeyParamsSchema, readingReviewSchema, type Reading, type ReadingEntry } from '@wb/contracts/billing';
import { ErrorCode } from '@wb/contracts';
import { apiError, badRequest, ifMatchOf, readJson, versionRefusal, withEtag } from '../iam/respond.ts';
import type { BillingDataset } from './dataset.ts';

/** 突增: above three times the average of the last three months (the service's `JUMP_RATIO`). */
const JUMP_RATIO = 3;
const notFound = (what: string) => apiError(404, ErrorCode.NotFound, `未找到该${what}`);
const conflict = (message: string) => apiError(409, ErrorCode.Conflict, message);
const STALE = '示数已被他人修改，请刷新后重试';

export interface ReadingHandlersContext {
  data: BillingDataset;
  url(path: string): string;
  wait(): Promise<void>;
}

/**
 * 抄表 as the billing service answers it (ADR 0049): a customer's last 24 readings, newest first; a manual reading
 * (400 → 404 → 409 once the month is issued → If-Match 428/412 when it replaces one) flagged 倒走, 估抄, 零度 or
 * 突增 by the service's rules, an exceptional one opening its 复核; 复核 confirms or corrects it (409 when none is
 * open or the month is issued). The 抄表段 and the workflow are not simulated: an open 复核 is a key in the dataset.
 */
export function readingHandlers({ data, url, wait }: ReadingHandlersContext): RequestHandler[] {
  const keyOf = (consNo: string, ym: string): string => `${consNo}-${ym}`;
  const readingsOf = (consNo: string): Reading[] => data.readings.filter((r) => r.consNo === consNo).sort((a, b) => b.ym.localeCompare(a.ym));
  const hasAccount = (consNo: string): boolean => data.accounts.some((a) => a.consNo === consNo);
  const issued = (consNo: string, ym: string): boolean => data.receivables.some((r) => r.consNo === consNo && r.ym === ym);

  /** The reading as the service writes it: from the month before, its exception unless `reviewed`. */
  function write(input: ReadingEntry, reviewed: boolean): Reading | Response {
    const history = readingsOf(input.consNo).filter((r) => r.ym < input.ym).slice(0, 3);
    const prevIndex = history[0]?.currIndex ?? 0;
    const multiplier = history[0]?.multiplier ?? 1;
    const delta = input.currIndex - prevIndex;
    const kwh = Math.max(0, delta) * multiplier;
    const peak = input.peakKwh ?? 0;
    const valley = input.valleyKwh ?? 0;
    if (peak + valley > kwh) return apiError(400, ErrorCode.BadRequest, '峰谷电量之和不能大于总电量', { peakKwh: '峰谷电量之和不能大于总电量' });
    const average = history.length ? history.reduce((s, h) => s + h.kwh, 0) / history.length : 0;
    const exception = reviewed ? null : delta < 0 ? 'REVERSE' : input.estimated ? 'ESTIMATED' : kwh === 0 ? 'ZERO' : average > 0 && kwh > average * JUMP_RATIO ? 'JUMP' : null;
    const existing = data.readings.find((r) => r.consNo === input.consNo && r.ym === input.ym);
    const reading: Reading = {
      consNo: input.consNo, ym: input.ym, source: input.estimated ? 'ESTIMATED' : 'MANUAL', prevIndex, currIndex: input.currIndex, multiplier, kwh,
      peakKwh: peak, flatKwh: kwh - peak - valley, valleyKwh: valley, kvarh: input.kvarh ?? 0, demandKw: input.demandKw ?? 0, exception,
      mrSectNo: existing?.mrSectNo ?? `${data.units[0]?.code ?? ''}01`, reviewedBy: null, version: (existing?.version ?? 0) + 1,
    };
    data.readings = [...data.readings.filter((r) => r !== existing), reading];
    return reading;
  }

  return [
    http.get(url('/customers/:consNo/readings'), async ({ params }) => {
      await wait();
      const consNo = consNoParamSchema.safeParse(params['consNo']);
      if (!consNo.success) return badRequest({ issues: consNo.error.issues.map((i) => ({ ...i, path: ['consNo'] })) });
      if (!hasAccount(consNo.data)) return notFound('客户');
      return HttpResponse.json({ items: readingsOf(consNo.data).slice(0, 24) });
    }),

    http.post(url('/readings'), async ({ request }) => {
      await wait();
      const parsed = readingEntrySchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const expected = ifMatchOf(request);
      if (expected instanceof Response) return expected;
      const input = parsed.data;
      if (!hasAccount(input.consNo)) return notFound('客户');
      if (issued(input.consNo, input.ym)) return conflict('该月电费已发行，示数不能再修改');
      const existing = data.readings.find((r) => r.consNo === input.consNo && r.ym === input.ym);
      const refusal = existing ? versionRefusal(expected, existing.version, STALE) : null;
      if (refusal) return refusal;
      const reading = write(input, false);
      if (reading instanceof Response) return reading;
      const key = keyOf(input.consNo, input.ym);
      if (reading.exception && !data.openReviews.includes(key)) data.openReviews.push(key);
      return withEtag(reading);
    }),

    http.post(url('/readings/:consNo/:ym/review'), async ({ request, params }) => {
      await wait();
      const key = readingKeyParamsSchema.safeParse(params);
      if (!key.success) return badRequest(key.error);
      const parsed = readingReviewSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const expected = ifMatchOf(request);
      if (expected instanceof Response) return expected;
      const { consNo, ym } = key.data;
      if (!hasAccount(consNo)) return notFound('客户');
      if (!data.openReviews.includes(keyOf(consNo, ym))) return conflict('该示数没有待办的抄表复核');
      const current = data.readings.find((r) => r.consNo === consNo && r.ym === ym);
      if (!current) return notFound('示数');
      const refusal = versionRefusal(expected, current.version, STALE);
      if (refusal) return refusal;
      if (issued(consNo, ym)) return conflict('该月电费已发行，示数不能再修改');
      let reading = current;
      if (parsed.data.currIndex !== undefined) {
        const written = write({ consNo, ym, currIndex: parsed.data.currIndex }, true);
        if (written instanceof Response) return written;
        reading = written;
      }
      Object.assign(reading, { reviewedBy: data.reader, version: reading.version + 1 });
      data.openReviews = data.openReviews.filter((k) => k !== keyOf(consNo, ym));
      return withEtag(reading);
    }),
  ];
}
