import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PROJECTION_PROGRESS, type ProjectionProgress } from '@duty-ledger/application/reads/projection-progress';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { ProjectionRunner } from '@duty-ledger/read-store/projection-runner';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { PROJECTION_STATUS } from '../platform/health/projection-status';
import { CheckpointProgress } from './checkpoint-progress';
import { LedgerMetrics } from './ledger-metrics';

/** `PROJECTIONS=inline`: this process follows the log and applies the read models; `off`: it only watches checkpoints. */
@Injectable()
class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly progress: ProjectionProgress;
  private readonly runner?: ProjectionRunner;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    if (config.projections === 'inline') {
      this.runner = new ProjectionRunner(eventStore, readStore, ALL_PROJECTIONS);
      this.progress = this.runner;
    } else {
      this.progress = new CheckpointProgress(readStore, ALL_PROJECTIONS.map((p) => p.name));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readStore.defineCollections(ALL_PROJECTIONS.flatMap((p) => p.collections));
    await this.runner?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }
}

@Module({
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
