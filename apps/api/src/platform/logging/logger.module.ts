import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { REQUEST_ID_HEADER } from '../http/request-id';

/** Structured JSON logs: one line per request with its id and principal; credentials never written. */
export function requestLogging(config: AppConfig, enabled: boolean): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: enabled ? config.logLevel : 'silent',
      genReqId: (req: IncomingMessage) => String(req.headers[REQUEST_ID_HEADER]),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'], censor: '[redacted]' },
      customProps: (req: IncomingMessage) => (req.principal ? { principal: req.principal } : {}),
    },
  });
}
