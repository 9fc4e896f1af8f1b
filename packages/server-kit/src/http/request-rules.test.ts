import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { assertVersion, idempotencyKeyOf, ifMatchVersion, principalOf, requireIfMatch, withEtag } from './request-rules.ts';

const req = (headers: Record<string, string | undefined>) => ({ headers });

function refusal(fn: () => unknown): { status: number; code: string; fields?: Record<string, string> | undefined } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { status: error.statusCode, code: error.code, fields: error.fields };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('If-Match (ADR 0026)', () => {
  it('reads the entity tag the servers send, its weak form and a bare number', () => {
    expect(ifMatchVersion(req({ 'if-match': '"7"' }))).toBe(7);
    expect(ifMatchVersion(req({ 'if-match': ' W/"12" ' }))).toBe(12);
    expect(ifMatchVersion(req({ 'if-match': '3' }))).toBe(3);
  });

  it('treats absent, empty and * as no version', () => {
    expect(ifMatchVersion(req({}))).toBeUndefined();
    expect(ifMatchVersion(req({ 'if-match': '  ' }))).toBeUndefined();
    expect(ifMatchVersion(req({ 'if-match': '*' }))).toBeUndefined();
  });

  it('refuses a malformed header with 400 on field if-match', () => {
    for (const bad of ['"abc"', '"1", "2"', '-1', '"1234567890"', 'W/']) {
      const r = refusal(() => ifMatchVersion(req({ 'if-match': bad })));
      expect(r).toMatchObject({ status: 400, code: 'WB_ERR_BAD_REQUEST' });
      expect(r.fields).toHaveProperty('if-match');
    }
  });

  it('where required: absent or * → 428 WB_ERR_PRECONDITION_REQUIRED, malformed → 400', () => {
    expect(requireIfMatch(req({ 'if-match': '"4"' }))).toBe(4);
    expect(refusal(() => requireIfMatch(req({})))).toMatchObject({ status: 428, code: 'WB_ERR_PRECONDITION_REQUIRED' });
    expect(refusal(() => requireIfMatch(req({ 'if-match': '*' })))).toMatchObject({ status: 428, code: 'WB_ERR_PRECONDITION_REQUIRED' });
    expect(refusal(() => requireIfMatch(req({ 'if-match': 'x' })))).toMatchObject({ status: 400 });
  });

  it('a stale version → 412 WB_ERR_PRECONDITION_FAILED; none sent or the current one → nothing', () => {
    expect(() => assertVersion(undefined, 3)).not.toThrow();
    expect(() => assertVersion(3, 3)).not.toThrow();
    expect(refusal(() => assertVersion(2, 3))).toMatchObject({ status: 412, code: 'WB_ERR_PRECONDITION_FAILED' });
  });

  it('answers a resource with its version as the ETag that If-Match reads back, and the status when given', () => {
    const sent: { headers: Record<string, string>; status?: number } = { headers: {} };
    const reply = {
      header: (name: string, value: string) => (sent.headers[name] = value),
      status: (code: number) => (sent.status = code),
    };
    const order = { id: 'o1', version: 7 };
    expect(withEtag(reply, order)).toBe(order);
    expect(sent).toEqual({ headers: { etag: '"7"' } });
    expect(ifMatchVersion(req({ 'if-match': sent.headers['etag'] }))).toBe(7);
    withEtag(reply, { version: 8 }, 201);
    expect(sent).toEqual({ headers: { etag: '"8"' }, status: 201 });
  });
});

describe('principalOf and Idempotency-Key', () => {
  it('answers 401 without a principal', () => {
    expect(refusal(() => principalOf({ principal: null }))).toMatchObject({ status: 401, code: 'WB_ERR_UNAUTHENTICATED' });
  });

  it('trims the key, ignores an empty one and refuses one longer than 128 (never cuts it)', () => {
    expect(idempotencyKeyOf(req({ 'idempotency-key': ' k1 ' }))).toBe('k1');
    expect(idempotencyKeyOf(req({ 'idempotency-key': ' ' }))).toBeUndefined();
    expect(idempotencyKeyOf(req({ 'idempotency-key': 'a'.repeat(128) }))).toHaveLength(128);
    expect(refusal(() => idempotencyKeyOf(req({ 'idempotency-key': 'a'.repeat(129) })))).toMatchObject({ status: 400 });
  });
});
