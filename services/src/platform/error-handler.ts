import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCode } from '@wb/contracts';
import { AppError, DbBusyError, badRequestFromIssues, dataExceptionError, dbUnavailableError, isDataException, zodValidatorCompiler } from '@wb/server-kit';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** Fastify's own 4xx errors (body parsing, limits), in words a user can act on. */
const FRAMEWORK_4XX: Record<number, { code: string; message: string }> = {
  400: { code: ErrorCode.BadRequest, message: '请求格式不正确' },
  404: { code: ErrorCode.NotFound, message: '接口不存在' },
  413: { code: ErrorCode.PayloadTooLarge, message: '请求内容过大' },
  415: { code: ErrorCode.BadRequest, message: '不支持的请求内容类型' },
};

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  // A database outage is the platform's 503 with Retry-After, never a 500 (docs/quality.md R10, ADR 0020).
  const unavailable = dbUnavailableError(error);
  if (unavailable) return unavailable;
  if (error instanceof z.core.$ZodError) return badRequestFromIssues(error.issues);
  if (isDataException(error)) return dataExceptionError(error);
  const status = (error as Partial<FastifyError>).statusCode;
  if ((error as Partial<FastifyError>).validation) return new AppError(400, ErrorCode.BadRequest, '请求参数不正确');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known = FRAMEWORK_4XX[status] ?? { code: ErrorCode.BadRequest, message: '请求无法处理' };
    return new AppError(status, known.code, known.message);
  }
  return null;
}

function render(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
}

/**
 * The one error handler (docs/architecture.md §12 habit 7): `{ error: { code, message, fields? } }`.
 * Anything that is not an AppError, a zod error or a Fastify 4xx becomes a 500 whose body says nothing
 * about the cause; the cause is logged.
 */
function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toAppError(error);
  if (error instanceof DbBusyError) {
    // Load shed at the embedded database (ADR 0088), like admission control's own 503s: expected under load.
    request.log.warn({ code: error.code, status: error.statusCode }, 'no turn at the embedded database by the request deadline');
  } else if (!known || known.statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else if (isDataException(error)) {
    // A value a contract should have refused (ADR 0019): the client's 400, but worth a look.
    request.log.warn({ err: error }, 'database refused a request value');
  } else {
    request.log.info({ code: known.code, status: known.statusCode }, known.message);
  }
  const appError = known ?? new AppError(500, ErrorCode.Internal, '服务器内部错误，请稍后重试');
  if (appError.headers) reply.headers(appError.headers);
  return reply.code(appError.statusCode).type('application/json; charset=utf-8').send(render(appError));
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before any hook or handler runs — a path that
 * does not decode (`%zz`, bytes that are not UTF-8 such as an encoded lone surrogate, ADR 0019) or a too
 * long parameter — in the same JSON and words as every other error, not Fastify's English default.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? '请求地址过长' : '请求地址包含不允许的字符或编码不正确';
  // No hook runs for these (the router failed before any route was found), helmet's included: the security
  // headers are set here, the same as on every other response (issue 18, docs/quality.md S9).
  if (request.server.hasDecorator('securityHeadersFor')) reply.headers(request.server.securityHeadersFor(request));
  return handleError(new AppError(400, ErrorCode.BadRequest, message, undefined, { cause: error }), request, reply);
}

async function errorHandlerPlugin(app: FastifyInstance): Promise<void> {
  // Route schemas are zod (`schema: { body, querystring, params }`, ADR 0032): their failures are the same
  // AppError 400 with Chinese field messages as `parseOrThrow`. Set here, before any route is added.
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setErrorHandler(handleError);
  // Every unknown path is a JSON 404; the registry's catch-all page route answers the shell paths before this.
  app.setNotFoundHandler({}, (request, reply) => {
    reply.code(404).send(render(new AppError(404, ErrorCode.NotFound, `接口不存在：${request.method} ${request.url.split('?')[0]}`)));
  });
}

export default fp(errorHandlerPlugin, { name: 'wb-error-handler', fastify: '5.x' });
