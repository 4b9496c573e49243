import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { ProjectionRunner, type ProjectionRunnerOptions } from '@duty-ledger/read-store/projection-runner';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { ALL_PROJECTIONS, RETIRED_PROJECTIONS } from '@duty-ledger/read-models/projections';
import type { AppConfig } from '../platform/config/app-config';
import { generationInForce, makeReadStore } from '../platform/stores/stores.module';
import { deploymentOf } from '../platform/stores/read-model-generations';
import { RebuildLease } from '../platform/stores/rebuild-lease';

/** What a host of the runner chooses; the batch size is the configuration's, and what is retired follows from the store. */
export type RunnerHostOptions = Omit<ProjectionRunnerOptions, 'batchSize' | 'retired'>;

/**
 * The runner of every read model into the generation in force, as each of their hosts runs it (the API inline, its
 * projector thread, the projector process): batched as configured, and removing first what retired projections left.
 */
export function runnerInForce(config: AppConfig, events: EventStore, store: ReadStore, options: RunnerHostOptions = {}): ProjectionRunner {
  return new ProjectionRunner(events, store, ALL_PROJECTIONS, { ...options, batchSize: config.projectionBatchSize, retired: RETIRED_PROJECTIONS });
}

/** A new generation's store, the runner that builds it from position 0, and how to start them and know when it is done. */
export interface GenerationBuild {
  store: ReadStore;
  runner: ProjectionRunner;
  /**
   * Takes the generation's rebuild lease (rebuild-lease.ts), empties the store, so nothing of an earlier attempt
   * survives, then starts the runner from position 0.
   */
  start(): Promise<void>;
  /** Makes what the store holds durable: before it is put in force (its writes do not wait for the disk until then). */
  seal(): Promise<void>;
  /**
   * Resolves `true` once the runner has reached the log's head and the store is sealed, `false` when it was stopped:
   * by its host, or because the lease was lost (`lost`).
   */
  caughtUp(): Promise<boolean>;
  /** Right before the generation is put in force: throws when the rebuild lost its lease, and its generation with it. */
  confirm(): Promise<void>;
  /** Why the rebuild lost its generation, once it did: its runner was stopped then. */
  lost(): Error | undefined;
  /**
   * A rebuild that failed or was stopped: the runner stopped and the store dropped (an embedded generation's files, a
   * MongoDB one's collections), so nothing is left behind. Never the generation in force: that one is only closed.
   */
  discard(): Promise<void>;
}

/**
 * A rebuild into `generation` (the API's and the CLI's): made at once, so a caller can hold it before its first await,
 * and started by `start`. Its store starts empty: nothing retired in it to remove. Nothing reads it before it is put in
 * force, so it is built unsealed (an embedded store's commits do not wait for the disk) and sealed once caught up.
 * `readers`: the API's readers will read this store itself once it is in force (its projections inline), so from its
 * seal it keeps the versions they read, as their store does.
 */
export function generationBuild(config: AppConfig, events: EventStore, generation: string, options: RunnerHostOptions = {}, use: { readers?: boolean } = {}): GenerationBuild {
  const store = makeReadStore(config, generation, { unsealed: true, readers: use.readers });
  const runner = new ProjectionRunner(events, store, ALL_PROJECTIONS, { ...options, batchSize: config.projectionBatchSize });
  const lease = new RebuildLease(store, generation, (error) => {
    options.logger?.error(`rebuild into generation ${generation} stopped`, error);
    void runner.stop();
  }, { deployment: deploymentOf(config), ttlMs: config.rebuildLeaseMs });
  const seal = async () => {
    await store.seal?.();
  };
  return {
    store,
    runner,
    start: async () => {
      await lease.take();
      await store.reset();
      await runner.start();
    },
    seal,
    caughtUp: async () => {
      if (!(await runner.waitForHead())) return false;
      await seal();
      return true;
    },
    confirm: () => lease.confirm(),
    lost: () => lease.lost,
    discard: async () => {
      lease.stop();
      await runner.stop();
      await ((await generationInForce(config)) === generation ? store.close() : store.drop());
    },
  };
}

/**
 * Runs a rebuild until its generation may be put in force: started, caught up with the log, sealed, and its lease
 * confirmed. `false` when its host took it back meanwhile (`ours()` no longer holds: a shutdown, which discards it);
 * throws when it failed or was stopped otherwise (its lease lost), for the host to discard it.
 */
export async function readyToSwitch(build: GenerationBuild, ours: () => boolean): Promise<boolean> {
  await build.start();
  const caughtUp = await build.caughtUp();
  if (!ours()) return false;
  if (!caughtUp) throw build.lost() ?? new Error('the rebuild was stopped');
  await build.confirm();
  return ours();
}
