import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ProjectionRunner, RunnerLogger } from '@duty-ledger/read-store/projection-runner';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { AppConfig } from '../../platform/config/app-config';
import { makeEventStore, makeReadStore } from '../../platform/stores/stores.module';
import { configuredMerkleIndexer } from '../../integrity/configured-integrity';
import { makeIntegrityStore } from '../../integrity/integrity-store';
import type { MerkleIndexer } from '../../integrity/merkle-indexer';
import { generationBuild, readyToSwitch, runnerInForce, type RunnerHostOptions } from '../read-model-runners';
import type { FromProjectorThread, GenerationName } from './projector-thread.messages';

interface Applying {
  generation: GenerationName;
  store: ReadStore;
  runner: ProjectionRunner;
}

/** A rebuild under way, and how to leave nothing of it behind. */
interface Rebuilding extends Applying {
  discard(): Promise<void>;
}

/**
 * What runs in the API's projector thread (PROJECTIONS=thread): the read models of the generation in force and the
 * Merkle log, with stores of its own over the API's files or servers. It reports each move of the projected position,
 * and rebuilds into a new generation on request, switching its runner to it once caught up.
 */
export class ThreadProjector {
  private readonly events: EventStore;
  private readonly merkle: ReadStore;
  private readonly indexer: MerkleIndexer;
  private applying?: Applying;
  private rebuilding?: Rebuilding;
  /** A rebuilt generation being put in force: `stop` lets it finish rather than discard a sealed generation being switched to. */
  private switching?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly post: (message: FromProjectorThread) => void,
    private readonly logger: RunnerLogger,
  ) {
    this.events = makeEventStore(config);
    this.merkle = makeIntegrityStore(config);
    this.indexer = configuredMerkleIndexer(config, this.events, this.merkle);
  }

  /** Applies `generation`, the one in force as the API knows it. */
  async start(generation: GenerationName): Promise<void> {
    const store = makeReadStore(this.config, generation ?? undefined);
    this.applying = { generation, store, runner: runnerInForce(this.config, this.events, store, this.hostOptions(generation)) };
    await this.applying.runner.start();
    this.post({ type: 'progress', generation, position: await this.applying.runner.projectedPosition() });
    await this.indexer.start();
  }

  /** The API committed: look at the log now (an embedded log is polled otherwise; a server's subscription is pushed). */
  wake(): void {
    // Wakes arriving while a batch is applied are one: the next read takes every event committed meanwhile.
    this.events.wake?.();
  }

  /** Builds `generation` from position 0; once it has reached the head, applies it instead of the one in force. */
  async rebuild(generation: string): Promise<void> {
    if (this.rebuilding) {
      this.post({ type: 'rebuild-failed', generation, error: `a rebuild into generation ${this.rebuilding.generation} is under way` });
      return;
    }
    const build = generationBuild(this.config, this.events, generation, this.hostOptions(generation));
    const next: Rebuilding = { generation, store: build.store, runner: build.runner, discard: build.discard };
    this.rebuilding = next;
    try {
      // Stopped meanwhile: `stop` took the rebuild and discards it.
      if (!(await readyToSwitch(build, () => this.rebuilding === next))) return;
      // Taken back in the same turn: from here `stop` waits for the switch, and never deletes what it switches to.
      this.rebuilding = undefined;
      this.switching = this.switchTo(next, generation);
      await this.switching;
    } catch (error) {
      await next.discard();
      this.logger.error(`rebuild into generation ${generation} failed`, error);
      this.post({ type: 'rebuild-failed', generation, error: error instanceof Error ? error.message : String(error) });
    } finally {
      if (this.rebuilding === next) this.rebuilding = undefined;
    }
  }

  async stop(): Promise<void> {
    const rebuilding = this.rebuilding;
    this.rebuilding = undefined;
    await rebuilding?.discard();
    await this.switching;
    await this.applying?.runner.stop();
    await this.indexer.stop();
    await Promise.allSettled([this.applying?.store.close(), this.merkle.close(), this.events.close()]);
  }

  /** The runner in force stopped and its store closed, the rebuilt one applied instead, and the API told. */
  private async switchTo(next: Applying, generation: string): Promise<void> {
    const previous = this.applying!;
    await previous.runner.stop();
    await previous.store.close();
    this.applying = next;
    this.post({ type: 'switched', generation });
  }

  /** The runner of `generation` tells the API where it stands each time it moves. */
  private hostOptions(generation: GenerationName): RunnerHostOptions {
    return { logger: this.logger, onProgress: (position) => this.post({ type: 'progress', generation, position }) };
  }
}
