import { RequestMethod, type DynamicModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { REQUEST_ID_HEADER } from '../http/request-id';
import { commandLogProps } from '../metrics/command-outcome';

/** Structured JSON logs: one line per request with its id, principal, latency and, for a command, its stream and outcome; credentials never written. */
export function requestLogging(config: AppConfig, enabled: boolean): DynamicModule {
  const level = enabled ? config.logLevel : 'silent';
  return LoggerModule.forRoot({
    // Silent: no per-request child logger or serializers at all (they cost ~10% of a command's CPU even unused).
    ...(level === 'silent' ? { exclude: [{ method: RequestMethod.ALL, path: '*path' }] } : {}),
    pinoHttp: {
      level,
      genReqId: (req: IncomingMessage) => String(req.headers[REQUEST_ID_HEADER]),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'], censor: '[redacted]' },
      // At the response: the command, its stream and outcome once known (see command-outcome.ts).
      customProps: (req: IncomingMessage, res: ServerResponse) => ({ ...(req.principal ? { principal: req.principal } : {}), ...(res.headersSent ? commandLogProps(req, res.statusCode) : {}) }),
    },
  });
}
