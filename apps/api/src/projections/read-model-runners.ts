import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { ProjectionRunner, type ProjectionRunnerOptions } from '@duty-ledger/read-store/projection-runner';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { ALL_PROJECTIONS, RETIRED_PROJECTIONS } from '@duty-ledger/read-models/projections';
import type { AppConfig } from '../platform/config/app-config';
import { makeReadStore } from '../platform/stores/stores.module';

/** What a host of the runner chooses; the batch size is the configuration's, and what is retired follows from the store. */
export type RunnerHostOptions = Omit<ProjectionRunnerOptions, 'batchSize' | 'retired'>;

/**
 * The runner of every read model into the generation in force, as each of their hosts runs it (the API inline, its
 * projector thread, the projector process): batched as configured, and removing first what retired projections left.
 */
export function runnerInForce(config: AppConfig, events: EventStore, store: ReadStore, options: RunnerHostOptions = {}): ProjectionRunner {
  return new ProjectionRunner(events, store, ALL_PROJECTIONS, { ...options, batchSize: config.projectionBatchSize, retired: RETIRED_PROJECTIONS });
}

/**
 * A new generation's store and the runner that builds it from position 0 (the API's and the CLI's rebuilds). The store
 * starts empty, so there is nothing retired in it to remove; `reset` it before starting the runner.
 */
export function generationBuild(config: AppConfig, events: EventStore, generation: string, options: RunnerHostOptions = {}): { store: ReadStore; runner: ProjectionRunner } {
  const store = makeReadStore(config, generation);
  return { store, runner: new ProjectionRunner(events, store, ALL_PROJECTIONS, { ...options, batchSize: config.projectionBatchSize }) };
}
