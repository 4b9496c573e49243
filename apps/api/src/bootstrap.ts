import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { loadSigningKey } from './integrity/signing-key';
import { loadKeyRing } from './platform/auth/api-keys';
import { authenticationHook } from './platform/auth/authentication.hook';
import { isProduction, type AppConfig } from './platform/config/app-config';
import { ensureDataDir } from './platform/config/data-dir';
import { answerClientErrors } from './platform/http/client-errors';
import { limitCommandRate } from './platform/http/command-rate-limit';
import { echoRequestId, requestIdOf } from './platform/http/request-id';
import { answerRouterErrors, MAX_PARAM_LENGTH } from './platform/http/router-errors';
import { secureHeaders } from './platform/http/security-headers';
import { HEADERS_TIMEOUT_MS, IDLE_CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './platform/http/timeouts';
import { refuseWhileClosing } from './platform/http/shutting-down';
import { HttpMetrics } from './platform/metrics/http-metrics';
import { setupOpenApi } from './platform/openapi/openapi';
import { acceptJsonBodiesOnly, BODY_LIMIT } from './platform/validation/json-body';

export type CreateAppOptions = AppModuleOptions;

/**
 * The whole HTTP application for a configuration, not yet listening (main.ts, and e2e tests on a random port).
 * Hook order matters and is the order below: request id, security headers, 503 while shutting down, the command a
 * route is (for its log line and metric: before authentication, so refusals count too), authentication (401/403), then
 * each route's rate limit (429), then body parsing (413/415/400), then Nest (guards, validation, handlers). What the
 * router refuses before any
 * hook (a malformed path, an over-long parameter) runs the request id, the security headers and authentication itself
 * (`frameworkErrors`); what Node's parser refuses before there is a request (headers over 16 KiB, a malformed request
 * line) is answered on the socket (`clientErrorHandler`).
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const generatedKeys: Record<string, string>[] = [];
  const keys = loadKeyRing(config, (generated) => generatedKeys.push(generated));
  const authenticate = authenticationHook(keys);
  // The files the settings name, opened before Nest builds its graph: a bad one is then a ConfigError naming its
  // variable (main.ts exits 78), not a provider's failure with Nest's stack trace.
  if (!config.eventStoreConnectionString || !config.mongodbUri) ensureDataDir(config.dataDir);
  loadSigningKey(config.integritySigningKeyFile, config.dataDir);

  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerRouterErrors(authenticate),
    clientErrorHandler: answerClientErrors(),
    // Slowloris: a request (headers and body) must arrive within this; Fastify's default, 0, let one trickle for ever.
    requestTimeout: REQUEST_TIMEOUT_MS,
    // A client that stops reading its answer cannot hold the socket and the unsent response for ever either.
    connectionTimeout: IDLE_CONNECTION_TIMEOUT_MS,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Answered by refuseWhileClosing instead, as every other refusal is (problem+json, headers, logged).
    return503OnClosing: false,
    genReqId: requestIdOf,
    // Behind a proxy, the client's address for logs; rate limits are keyed by API key, not by address.
    trustProxy: false,
  });
  // `logger: false` (the CLI's seed, tests) silences Nest's own logger too: it would print its start-up lines and a
  // provider's failure with its stack (a corrupt log file) before the caller could report it in one line.
  const nestLogger = options.logger === false ? { logger: false as const } : {};
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bodyParser: false, bufferLogs: true, abortOnError: false, ...nestLogger });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.headersTimeout = HEADERS_TIMEOUT_MS;

  echoRequestId(fastify);
  await secureHeaders(app, config);
  refuseWhileClosing(fastify, app.get(Logger));
  app.get(HttpMetrics).observe(fastify);
  fastify.addHook('onRequest', authenticate);
  await limitCommandRate(app, config);
  acceptJsonBodiesOnly(fastify);
  setupOpenApi(app);
  app.enableShutdownHooks();

  for (const generated of generatedKeys) announceGeneratedKeys(app.get(Logger), generated);
  if (isProduction(config) && config.metricsToken === undefined) warnOfOpenMetrics(app.get(Logger));
  return app;
}

/** API.md lets `/metrics` be open; in production an operator should know it is (command counts, lag, store errors). */
function warnOfOpenMetrics(logger: Logger): void {
  logger.warn('/metrics answers anyone who reaches the port: set METRICS_TOKEN to require a bearer token of its own, or keep the port off networks other than the scraper’s', 'Metrics');
}

function announceGeneratedKeys(logger: Logger, keys: Record<string, string>): void {
  const lines = Object.entries(keys).map(([role, key]) => `  ${role.padEnd(11)} ${key}`);
  logger.warn(
    ['*** NO API KEYS CONFIGURED: generated one per role for this run only (set API_KEYS or API_KEYS_FILE to keep keys) ***', ...lines, '*** end of generated keys ***'].join('\n'),
    'ApiKeys',
  );
}
