import { ConflictException, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ProjectionProgress } from '@duty-ledger/application/reads/projection-progress';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ProjectionRunner } from '@duty-ledger/read-store/projection-runner';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { SwitchableReadStore } from '@duty-ledger/read-store/switchable.read-store';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { GenerationFollower } from '../platform/stores/generation-follower';
import { GENERATION_POINTER, isNewerGeneration, newGenerationName, type GenerationPointer } from '../platform/stores/generation-pointer';
import { describeSwept, sweepGenerations } from '../platform/stores/read-model-generations';
import { dropGeneration, makeReadStore, othersMovedOff } from '../platform/stores/stores.module';
import { CheckpointProgress } from './checkpoint-progress';
import { oneAtATime } from './one-at-a-time';
import { generationBuild, readyToSwitch, runnerInForce, type GenerationBuild } from './read-model-runners';
import { ProjectorThread } from './thread/projector-thread';

export interface RebuildStatus {
  state: 'idle' | 'rebuilding' | 'switched' | 'failed';
  generation: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Where the new generation stands, and the head it is catching up with. */
  projectedPosition: number | null;
  headPosition: number | null;
  error?: string;
}

const COLLECTIONS = ALL_PROJECTIONS.flatMap((p) => p.collections);

/**
 * `PROJECTIONS=thread`: a worker thread of this process follows the log and applies the read models; `inline`: this
 * thread does; `off`: it only watches the checkpoints a separate projector writes. Thread and inline also rebuild: a
 * new generation is built from position 0 by a runner of its own beside the one in force, then put in force (the
 * readers' store and the runner) once it has caught up. In every mode the process follows a newer generation that
 * another process put in force (the CLI's rebuild, another replica's): its readers, and its runner or thread, move.
 */
@Injectable()
export class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly progress: ProjectionProgress;
  /** What this process's sweeps deleted, by why, and how many failed: for /metrics (ledger-metrics.ts). */
  readonly sweeps = { abandoned: 0, replaced: 0, failed: 0 };
  private runner?: ProjectionRunner;
  private readonly thread?: ProjectorThread;
  private rebuilding?: GenerationBuild & { generation: string; startedAt: string };
  /** A rebuilt generation being put in force: shutdown lets it finish rather than discard a sealed generation being switched to. */
  private switching?: Promise<void>;
  /** Claimed synchronously, before the first await, so two requests cannot both start a rebuild. */
  private claimed = false;
  private last: RebuildStatus = { state: 'idle', generation: null, startedAt: null, finishedAt: null, projectedPosition: null, headPosition: null };
  private readonly logger = new Logger('Projections');
  private readonly follower?: GenerationFollower;
  /** Switches and follows one at a time: each moves the readers and the runner or thread that the other moves too. */
  private readonly serially = oneAtATime();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(GENERATION_POINTER) private readonly pointer: GenerationPointer,
  ) {
    if (readStore instanceof SwitchableReadStore) {
      this.follower = new GenerationFollower({
        pointer,
        current: () => readStore.generation,
        follow: (generation) => this.follow(generation),
        intervalMs: config.generationPollMs,
        onError: (error) => this.logger.warn({ err: error }, 'could not follow the read-model generation in force; trying again'),
      });
    }
    if (config.projections === 'inline') {
      this.runner = runnerInForce(config, eventStore, readStore);
      // Always the runner in force: it changes when a rebuild switches generations.
      this.progress = { projectedPosition: () => this.runner!.projectedPosition(), waitFor: (position, timeoutMs) => this.runner!.waitFor(position, timeoutMs) };
    } else if (config.projections === 'thread') {
      this.thread = new ProjectorThread(config, eventStore, readStore instanceof SwitchableReadStore ? readStore.generation : undefined, {
        switched: (generation) => this.putThreadGenerationInForce(generation),
        failed: (generation, error) => this.threadRebuildFailed(generation, error),
      });
      this.progress = this.thread;
    } else {
      this.progress = new CheckpointProgress(readStore, ALL_PROJECTIONS.map((p) => p.name));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.runner || this.thread) await this.sweep();
    await this.readStore.defineCollections(COLLECTIONS);
    await this.runner?.start();
    await this.thread?.start();
    this.follower?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
    await this.thread?.stop();
    const rebuilding = this.rebuilding;
    this.rebuilding = undefined;
    await rebuilding?.discard();
    await this.switching;
    await this.runner?.stop();
  }

  async status(): Promise<RebuildStatus> {
    if (this.thread && this.last.state === 'rebuilding') {
      return { ...this.last, projectedPosition: this.thread.rebuildPosition(this.last.generation!), headPosition: await this.eventStore.headPosition() };
    }
    if (!this.rebuilding) return this.last;
    return { ...this.last, projectedPosition: await this.rebuilding.runner.projectedPosition(), headPosition: await this.eventStore.headPosition() };
  }

  /** Starts a rebuild into a new generation; 409 while one runs or when a separate projector owns the read models. */
  async rebuild(): Promise<RebuildStatus> {
    if (!(this.runner || this.thread) || !(this.readStore instanceof SwitchableReadStore))
      throw new ConflictException('the read models are projected by a separate projector here (PROJECTIONS=off), which does not rebuild: run `npm run cli -- rebuild` on this deployment; this API and its projectors follow the generation it puts in force');
    const under = this.last.state === 'rebuilding' ? this.last.generation : null;
    if (this.claimed) throw new ConflictException(`a rebuild${under ? ` into generation ${under}` : ''} is under way`);
    this.claimed = true;
    const generation = newGenerationName(Date.now());
    if (this.thread) {
      this.last = { state: 'rebuilding', generation, startedAt: new Date().toISOString(), finishedAt: null, projectedPosition: null, headPosition: await this.eventStore.headPosition() };
      this.thread.rebuild(generation);
      return this.status();
    }
    const startedAt = new Date().toISOString();
    this.rebuilding = { ...generationBuild(this.config, this.eventStore, generation, {}, { readers: true }), generation, startedAt };
    this.last = { state: 'rebuilding', generation, startedAt, finishedAt: null, projectedPosition: null, headPosition: await this.eventStore.headPosition() };
    void this.buildAndSwitch(this.rebuilding);
    return this.status();
  }

  /**
   * The projector thread switched to `generation`: put in force, the readers follow, the previous generation is
   * dropped. Refused when another process put a newer one in force meanwhile: the thread and the readers go there,
   * and the rebuilt generation is dropped.
   */
  private putThreadGenerationInForce(generation: string): Promise<void> {
    return this.serially(() => this.putThreadGenerationInForceNow(generation));
  }

  private async putThreadGenerationInForceNow(generation: string): Promise<void> {
    if (!(await this.pointer.putInForce(generation))) {
      this.logger.error({ generation }, 'read-model rebuild not put in force: another process put a newer generation in force meanwhile');
      try {
        const newer = await this.pointer.inForce();
        if (newer) await this.moveTo(newer);
        await dropGeneration(this.config, generation);
      } finally {
        await this.ended('failed', null);
      }
      return;
    }
    await this.putReadersOn(makeReadStore(this.config, generation, { readers: true }), generation);
    await this.ended('switched', this.thread!.rebuildPosition(generation));
  }

  private threadRebuildFailed(generation: string, error: string): void {
    this.logger.error({ generation, error }, 'read-model rebuild failed');
    void this.ended('failed', null);
  }

  /** Builds the new generation and switches to it once caught up; any failure, starting included, ends the rebuild as failed. */
  private async buildAndSwitch(next: NonNullable<ProjectionLifecycle['rebuilding']>): Promise<void> {
    try {
      // Shut down meanwhile: the shutdown took the rebuild and discards it.
      if (!(await readyToSwitch(next, () => this.rebuilding === next))) return;
      // Taken back in the same turn: from here a shutdown waits for the switch, and never deletes what it switches to.
      this.rebuilding = undefined;
      const switched = this.serially(() => this.switchTo(next));
      this.switching = switched.catch(() => undefined); // what shutdown waits for; the failure is handled below
      await switched;
    } catch (error) {
      await next.discard();
      this.logger.error({ err: error }, 'read-model rebuild failed');
      await this.ended('failed', null);
    } finally {
      if (this.rebuilding === next) this.rebuilding = undefined;
    }
  }

  /** The rebuilt generation put in force, its runner and store in force here, the previous runner stopped. */
  private async switchTo(next: GenerationBuild & { generation: string }): Promise<void> {
    if (!(await this.pointer.putInForce(next.generation))) throw new Error(`a generation newer than ${next.generation} was put in force meanwhile`);
    await this.runner!.stop();
    this.runner = next.runner;
    await this.putReadersOn(next.store, next.generation);
    await this.ended('switched', await next.runner.projectedPosition());
  }

  /** Readers onto the rebuilt generation, now in force, and the previous generation dropped once others moved off it. */
  private async putReadersOn(next: ReadStore, generation: string): Promise<void> {
    const previous = (this.readStore as SwitchableReadStore).switchTo(next, generation);
    this.logger.log(`read models rebuilt into generation ${generation} and put in force`);
    await this.dropReplaced(previous);
    await this.sweep();
  }

  private async dropReplaced(previous: ReadStore): Promise<void> {
    await othersMovedOff(this.config);
    await previous.drop();
  }

  /**
   * Another process put a newer generation in force: the readers move onto it, and the runner or the thread here
   * applies it instead (from its checkpoints); the generation left is closed, never dropped (its owner drops it).
   */
  private follow(generation: string): Promise<void> {
    return this.serially(() => this.moveTo(generation));
  }

  private async moveTo(generation: string): Promise<void> {
    const readers = this.readStore as SwitchableReadStore;
    if (!isNewerGeneration(generation, readers.generation)) return;
    this.logger.log(`read-model generation ${generation} was put in force by another process: following it`);
    await this.runner?.stop();
    await this.thread?.follow(generation);
    const previous = readers.switchTo(makeReadStore(this.config, generation, { readers: true }), generation);
    if (this.runner) {
      this.runner = runnerInForce(this.config, this.eventStore, this.readStore);
      await this.runner.start();
    }
    await previous.close();
  }

  /**
   * Generations nothing will read again: what rebuilds left unfinished, and what earlier switches left behind. Never
   * fatal: what it could not delete (a server that did not answer, a database it may not list) waits for the next one.
   */
  private async sweep(): Promise<void> {
    try {
      for (const swept of await sweepGenerations(this.config, await this.pointer.inForce())) {
        this.sweeps[swept.why]++;
        this.logger.warn(describeSwept(swept));
      }
    } catch (error) {
      this.sweeps.failed++;
      this.logger.warn({ err: error }, 'could not sweep the read-model generations nothing reads: tried again at the next start or switch');
    }
  }

  /** The rebuild is over: its outcome recorded for `status` (a switch with the head it switched at), and the next one may start. */
  private async ended(state: 'switched' | 'failed', projectedPosition: number | null): Promise<void> {
    const finishedAt = new Date().toISOString();
    this.last =
      state === 'switched'
        ? { ...this.last, state, finishedAt, projectedPosition, headPosition: await this.eventStore.headPosition() }
        : { ...this.last, state, finishedAt, error: 'the rebuild failed; the generation in force is unchanged' };
    this.claimed = false;
  }
}
