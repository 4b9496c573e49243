import { Module } from '@nestjs/common';
import { PROJECTION_PROGRESS } from '@duty-ledger/application/reads/projection-progress';
import { PROJECTION_STATUS } from '../platform/health/projection-status';
import { LedgerMetrics } from './ledger-metrics';
import { ProjectionLifecycle } from './projection-lifecycle';
import { RebuildController } from './rebuild.controller';

@Module({
  controllers: [RebuildController],
  providers: [
    ProjectionLifecycle,
    LedgerMetrics,
    { provide: PROJECTION_PROGRESS, useFactory: (lifecycle: ProjectionLifecycle) => lifecycle.progress, inject: [ProjectionLifecycle] },
    // /health reports how far the read models lag behind the log through this token.
    { provide: PROJECTION_STATUS, useExisting: PROJECTION_PROGRESS },
  ],
  exports: [PROJECTION_PROGRESS, PROJECTION_STATUS],
})
export class ProjectionsModule {}
