import { Module } from '@nestjs/common';
import { PROJECTION_PROGRESS } from '@duty-ledger/application/reads/projection-progress';
import { PROJECTION_STATUS, type ProjectionStatus } from '../platform/health/projection-status';
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
    {
      provide: PROJECTION_STATUS,
      useFactory: (lifecycle: ProjectionLifecycle): ProjectionStatus => ({
        projectedPosition: () => lifecycle.progress.projectedPosition(),
        rebuild: async () => {
          const { state, generation, projectedPosition, headPosition } = await lifecycle.status();
          return state === 'rebuilding' ? { generation, projectedPosition, headPosition } : null;
        },
      }),
      inject: [ProjectionLifecycle],
    },
  ],
  exports: [PROJECTION_PROGRESS, PROJECTION_STATUS],
})
export class ProjectionsModule {}
