/**
 * Route schemas in zod (ADR 0032): a route declares `schema: { body, querystring, params }` with zod schemas and
 * Fastify validates them before the handler runs, through this validator compiler. It is the house's
 * `parseOrThrow` at the framework's place: zod's messages in Chinese (per call, not `z.config`), and a failure is
 * the same 400 `WB_ERR_BAD_REQUEST` with per-field messages (`badRequestFromIssues`) as a handler's own parse.
 * fastify-type-provider-zod supplies the types (`ZodTypeProvider`) and the OpenAPI transform; its own
 * validator compiler is not used because it answers in zod's global (English) locale and its own error shape.
 */
import { z } from 'zod';
import type { FastifySchemaCompiler } from 'fastify';
import { badRequestFromIssues } from '../errors.ts';

/** Fastify's JSON shorthand may wrap a schema as `{ properties: <zod> }`; both forms are accepted. */
function zodSchemaOf(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const properties = typeof schema === 'object' && schema !== null ? (schema as { properties?: unknown }).properties : undefined;
  if (properties instanceof z.ZodType) return properties;
  throw new Error(`route schema is not a zod schema: ${JSON.stringify(schema)}`);
}

const EMPTY_BODY = '请求内容为空，应为 JSON 对象';

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema }) => {
  const zodSchema = zodSchemaOf(schema);
  return (data: unknown) => {
    // Fastify hands a request without a body to the body's validator as null: absent, as zod's `prefault`
    // (`bodyOrEmpty`) and a required body's "期望 object" both read it.
    const input = data === null ? undefined : data;
    const result = zodSchema.safeParse(input, { error: z.locales.zhCN().localeError });
    if (result.success) return { value: result.data };
    // A body the route requires and the request left out: said in words, not as zod's "received undefined".
    const issues = result.error.issues.map((issue) => (input === undefined && issue.path.length === 0 && issue.code === 'invalid_type' ? { ...issue, message: EMPTY_BODY } : issue));
    return { error: badRequestFromIssues(issues) };
  };
};

/**
 * A body schema for a route whose body may be left out: an absent body (a `POST` without one) is validated as
 * `{}`, as the handlers' `parseOrThrow(schema, request.body ?? {})` did, so the fields' own messages answer
 * (`reason：请填写原因`) and defaults apply. zod's `prefault` parses the `{}`; the OpenAPI document shows the object.
 */
export function bodyOrEmpty<S extends z.ZodType<object>>(schema: S): z.ZodPrefault<S> {
  return schema.prefault({} as z.core.util.NoUndefined<z.input<S>>);
}
