import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { RETRY_AFTER_SECONDS } from '../problem/problem-mapping';
import { problemOf } from '../problem/problem';
import { sendProblem } from '../problem/send-problem';

/**
 * Requests that reach a closing server on a keep-alive connection are answered 503 like any other refusal —
 * problem+json, Retry-After, after the request id and security headers' hooks, logged — instead of Fastify's own plain
 * 503 before every hook (the adapter turns `return503OnClosing` off). Shutdown logs when it begins and when the server
 * is closed.
 */
export function refuseWhileClosing(fastify: FastifyInstance, logger: LoggerService): void {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
    logger.log('shutting down: requests are refused with 503 until the server is closed', 'Shutdown');
  });
  fastify.addHook('onClose', async () => logger.log('shut down: the server is closed', 'Shutdown'));
  fastify.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    return sendProblem(request, reply, {
      problem: problemOf(503, 'shutting-down', 'The server is shutting down; retry on another instance.'),
      headers: { 'retry-after': RETRY_AFTER_SECONDS },
    });
  });
}
