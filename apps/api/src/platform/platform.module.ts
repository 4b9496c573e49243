import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { RolesGuard } from './auth/roles.guard';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { HealthModule } from './health/health.module';
import { requestLogging } from './logging/logger.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProblemFilter } from './problem/problem.filter';
import { type StoreOverrides, StoresModule } from './stores/stores.module';
import { strictValidationPipe } from './validation/validation.pipe';

export interface PlatformOptions {
  /** false: silence the request logs (tests). */
  logger?: boolean;
  stores?: StoreOverrides;
}

/** Everything under the resources: config, stores, logging, the problem filter, roles guard, validation, health, metrics. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [requestLogging(config, options.logger !== false), StoresModule.forRoot(options.stores), HealthModule, MetricsModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_PIPE, useFactory: strictValidationPipe },
      ],
      exports: [APP_CONFIG, StoresModule, MetricsModule],
    };
  }
}
