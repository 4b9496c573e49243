import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { authenticationHook } from './platform/auth/authentication.hook';
import { loadKeyRing } from './platform/auth/api-keys';
import type { AppConfig } from './platform/config/app-config';
import { BODY_LIMIT, installHttpEdge } from './platform/http-edge';
import { registerMetrics } from './platform/metrics/metrics';
import { setupOpenApi } from './platform/openapi/openapi';
import { strictValidationPipe } from './platform/validation/validation.pipe';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the whole HTTP application for a configuration (main.ts and the e2e tests share it). */
export async function createApp(config: AppConfig, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const generated: Record<string, string>[] = [];
  const keys = loadKeyRing(config, (made) => generated.push(made));
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      req.headers['x-request-id'] = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
  });
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins });
  fastify.addHook('onRequest', authenticationHook(keys));
  installHttpEdge(fastify);
  registerMetrics(fastify, config.metricsToken);
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  setupOpenApi(app);
  for (const made of generated) {
    const lines = Object.entries(made).map(([role, key]) => `  ${role.padEnd(11)} ${key}`).join('\n');
    app.get(Logger).warn(`No API keys configured: generated one per role for this run (set API_KEYS to keep them):\n${lines}`);
  }
  return app;
}
