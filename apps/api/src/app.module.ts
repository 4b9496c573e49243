import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { LedgerModule } from './ledger.module';
import { RolesGuard } from './platform/auth/roles.guard';
import { APP_CONFIG, type AppConfig } from './platform/config/app-config';
import { HealthController } from './platform/health/health.controller';
import { ProblemFilter } from './platform/problem/problem.filter';
import { StoresModule } from './platform/stores/stores.module';
import { ProjectionsModule } from './projections/projections.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: { logger?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.logger === false ? 'silent' : config.logLevel,
            redact: ['req.headers.authorization', 'req.headers["idempotency-key"]'],
            customProps: (req) => ({ principal: (req as { principal?: unknown }).principal }),
            autoLogging: true,
          },
        }),
        StoresModule,
        ProjectionsModule,
        LedgerModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [APP_CONFIG],
    };
  }
}
