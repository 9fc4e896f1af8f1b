/**
 * Server-sent events in one way (the workflow's push stream, the indicators' screen stream): the client must ask
 * for `text/event-stream` (an EventSource does), and the answer is never cached or transformed, is passed on at
 * once by nginx and similar proxies (no buffering), and closes its socket with the stream (a kept-alive socket
 * would hold a shutting-down server open).
 */
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '../errors.ts';

/** 406 unless the request accepts `text/event-stream`. */
export function assertAcceptsEventStream(request: FastifyRequest): void {
  if (!String(request.headers.accept ?? '').includes('text/event-stream')) throw new AppError(406, ErrorCode.BadRequest, '该接口只提供事件流（Accept: text/event-stream）');
}

/** Answers `stream` (the events as the handler writes them) with the event-stream headers. */
export function sendEventStream(reply: FastifyReply, stream: Readable): FastifyReply {
  return reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-store, no-transform')
    .header('x-accel-buffering', 'no')
    .header('connection', 'close')
    .send(stream);
}
