import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError, dataExceptionError, isDataException, parseOrThrow } from './errors.ts';

const schema = z.strictObject({
  username: z.string().min(1, '请输入用户名'),
  age: z.number().int(),
  address: z.strictObject({ city: z.string() }),
});

describe('parseOrThrow', () => {
  it('returns the parsed value when valid', () => {
    expect(parseOrThrow(schema, { username: 'kf01', age: 3, address: { city: '江州' } })).toEqual({
      username: 'kf01',
      age: 3,
      address: { city: '江州' },
    });
  });

  it('throws a 400 AppError with Chinese per-field messages, unknown fields included', () => {
    let error: unknown;
    try {
      parseOrThrow(schema, { username: '', age: 'x', address: { city: 1 }, role: 'admin' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.statusCode).toBe(400);
    expect(appError.code).toBe('WB_ERR_BAD_REQUEST');
    expect(appError.message).toBe('请求参数不正确（username：请输入用户名）');
    expect(appError.fields).toEqual({
      username: '请输入用户名',
      age: expect.stringContaining('无效输入'),
      'address.city': expect.stringContaining('无效输入'),
      role: '不允许的字段',
    });
  });
});

describe('isDataException (ADR 0019)', () => {
  it('recognises SQLSTATE class 22 only', () => {
    for (const code of ['22003', '22P02', '22P05', '22021', '22012']) expect(isDataException({ code, message: 'x' })).toBe(true);
    for (const value of [{ code: '23505' }, { code: '42P01' }, { code: 'ECONNRESET' }, { code: 22003 }, new Error('22003'), null, '22003']) {
      expect(isDataException(value)).toBe(false);
    }
  });

  it('becomes a 400 whose message says nothing of the database, the error kept as cause', () => {
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const error = dataExceptionError(cause);
    expect(error).toMatchObject({ statusCode: 400, code: 'WB_ERR_BAD_REQUEST', cause });
    expect(error.message).not.toMatch(/UTF8|0x00/);
  });
});
