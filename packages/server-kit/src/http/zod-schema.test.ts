import Fastify from 'fastify';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { bodyOrEmpty, zodValidatorCompiler } from './zod-schema.ts';

describe('route schemas in zod', () => {
  it('bodyOrEmpty: a POST without a body is validated as {}, so the fields’ own messages answer and defaults apply', async () => {
    const app = Fastify();
    app.setValidatorCompiler(zodValidatorCompiler);
    app.post('/urge', { schema: { body: bodyOrEmpty(z.strictObject({ reason: z.string('请填写催办原因').min(1, '请填写催办原因') })) } }, async (r) => ({ got: r.body }));
    app.post('/required', { schema: { body: z.strictObject({ reason: z.string() }) } }, async (r) => ({ got: r.body }));
    app.post('/note', { schema: { body: bodyOrEmpty(z.strictObject({ note: z.string().default('') })) } }, async (r) => ({ got: r.body }));
    try {
      // Fastify hands a request without a body to the validator as null, not undefined.
      for (const payload of [undefined, '']) {
        const refused = await app.inject({ method: 'POST', url: '/urge', ...(payload === undefined ? {} : { payload }) });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({ code: 'WB_ERR_BAD_REQUEST' });
        expect(refused.body).toContain('请填写催办原因');
        expect(refused.body).not.toContain('null');
      }
      const defaulted = await app.inject({ method: 'POST', url: '/note' });
      // A body the route requires, left out: said so in words.
      const required = await app.inject({ method: 'POST', url: '/required' });
      expect([required.statusCode, required.json().message]).toEqual([400, '请求参数不正确（请求内容为空，应为 JSON 对象）']);
      expect([defaulted.statusCode, defaulted.json()]).toEqual([200, { got: { note: '' } }]);
    } finally {
      await app.close();
    }
  });
});
