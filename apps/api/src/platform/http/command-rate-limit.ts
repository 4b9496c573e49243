import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { ProblemException } from '../problem/problem';

/**
 * API.md: each key may send RATE_LIMIT commands per second (0: off); beyond → 429 with Retry-After. Reads are not
 * limited. The plugin adds its check to each route's own onRequest hooks, which run after the authentication hook,
 * so the key is known and the 429 comes with 401/403, before the body is read. Must be registered before routes.
 */
export async function limitCommandRate(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (config.rateLimit === 0) return;
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: config.rateLimit,
    timeWindow: 1000,
    allowList: (request) => request.method !== 'POST' || request.apiKeyId === undefined,
    keyGenerator: (request) => request.apiKeyId ?? request.ip,
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) =>
      new ProblemException(429, 'rate-limited', `This key may send ${context.max} commands per second; retry after ${context.after}.`, undefined, {
        'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
  });
}
