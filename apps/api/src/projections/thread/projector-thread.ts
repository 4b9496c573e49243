import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectionProgress } from '@duty-ledger/application/reads/projection-progress';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { PositionWaiters } from '@duty-ledger/read-store/position-waiters';
import type { AppConfig } from '../../platform/config/app-config';
import type { FromProjectorThread, GenerationName, ProjectorThreadData, ToProjectorThread } from './projector-thread.messages';

/** Compiled beside this file by `npm run build`; a worker thread runs JavaScript, not the TypeScript sources. */
const ENTRY = join(__dirname, 'projector-thread.worker.js');
const RESTART_DELAY_MS = 1_000;
const STOP_TIMEOUT_MS = 10_000;

export interface RebuildListener {
  /** The thread applies `generation` now: put it in force for the readers. */
  switched(generation: string): Promise<void>;
  failed(generation: string, error: string): void;
}

/**
 * PROJECTIONS=thread: the read models and the Merkle log are applied by a worker thread of this process (its code:
 * thread-projector.ts), so a command's CPU here is validation, decision and the append, and projection runs on the
 * machine's other core. The thread reports the projected position after every batch; waiters are answered from that.
 * It is told of each local commit, and started again if it ever ends unasked.
 */
export class ProjectorThread implements ProjectionProgress {
  private worker?: Worker;
  private generation: GenerationName;
  private position: number | null = null;
  private readonly rebuildPositions = new Map<string, number | null>();
  private readonly waiters = new PositionWaiters();
  private stopping = false;
  /** The thread is being ended to start it again on another generation: its exit is not a failure. */
  private restarting = false;
  /** A rebuilt generation the API is putting in force (its readers moving onto it), and where the thread stands in it. */
  private switching?: { generation: string; position: number | null };
  private unsubscribe?: () => void;
  private readonly logger = new Logger('ProjectorThread');

  constructor(
    private readonly config: AppConfig,
    private readonly eventStore: EventStore,
    /** The generation in force when the API started (`undefined`: the first, unnamed one). */
    generation: string | undefined,
    private readonly rebuilds: RebuildListener,
    /** The thread's script: the built projector (tests give a stand-in to crash it). */
    private readonly entry: string = ENTRY,
  ) {
    this.generation = generation ?? null;
  }

  /** Resolves once the thread runs and has told where the read models stand. */
  async start(): Promise<void> {
    if (!existsSync(this.entry)) {
      throw new Error(`PROJECTIONS=thread runs the built projector thread (${this.entry}): run \`npm run build\`, or set PROJECTIONS=inline`);
    }
    this.unsubscribe = this.eventStore.onCommit?.(() => this.send({ type: 'wake' }));
    await this.spawn();
  }

  async projectedPosition(): Promise<number | null> {
    return this.position;
  }

  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.position !== null && this.position >= position ? Promise.resolve(true) : this.waiters.wait(position, timeoutMs);
  }

  /** Where a rebuild into `generation` stands (null: nothing applied yet). */
  rebuildPosition(generation: string): number | null {
    return this.rebuildPositions.get(generation) ?? null;
  }

  rebuild(generation: string): void {
    this.rebuildPositions.set(generation, null);
    this.send({ type: 'rebuild', generation });
  }

  /**
   * Another process put `generation` in force: the thread is ended (a rebuild of its own under way is failed and
   * discarded) and started again on it; waiters are answered once it tells where that generation stands.
   */
  async follow(generation: string): Promise<void> {
    this.failRebuilds(`the projector thread moved to generation ${generation}, put in force by another process`);
    this.restarting = true;
    try {
      await this.end();
    } finally {
      this.restarting = false;
    }
    this.generation = generation;
    this.position = null;
    if (!this.stopping) await this.spawn();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    await this.end();
    this.waiters.cancelAll();
  }

  /** Asks the thread to stop (it closes its stores) and waits for it to exit; ended by force after STOP_TIMEOUT_MS. */
  private async end(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' } satisfies ToProjectorThread);
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private failRebuilds(why: string): void {
    for (const generation of [...this.rebuildPositions.keys()]) {
      this.rebuildPositions.delete(generation);
      this.rebuilds.failed(generation, why);
    }
  }

  private spawn(): Promise<void> {
    const worker = new Worker(this.entry, { workerData: { config: this.config, generation: this.generation } satisfies ProjectorThreadData });
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (message: FromProjectorThread) => {
        if (message.type === 'progress' && message.generation === this.generation && !started) {
          started = true;
          resolve();
        }
        this.receive(message).catch((error: unknown) => this.logger.error({ err: error }, `the projector thread's ${message.type} message could not be acted on`));
      });
      worker.on('error', (error) => {
        if (!started) reject(error);
        else this.logger.error({ err: error }, 'the projector thread failed');
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        if (!started) reject(new Error(`the projector thread ended (exit code ${code}) before it told where the read models stand`));
        if (!started || this.stopping || this.restarting) return;
        this.logger.error(`the projector thread ended (exit code ${code}); starting it again in ${RESTART_DELAY_MS} ms`);
        // A rebuild under way ended with it; the generation in force is the one the new thread opens.
        this.failRebuilds('the projector thread ended');
        setTimeout(() => {
          if (!this.stopping && !this.worker) this.spawn().catch((error: unknown) => this.logger.error({ err: error }, 'the projector thread did not start again'));
        }, RESTART_DELAY_MS).unref();
      });
    });
  }

  private async receive(message: FromProjectorThread): Promise<void> {
    if (message.type === 'progress') {
      if (message.generation === this.generation) this.advance(message.position);
      else if (message.generation === this.switching?.generation) this.switching.position = message.position;
      else if (message.generation !== null && this.rebuildPositions.has(message.generation)) this.rebuildPositions.set(message.generation, message.position);
    } else if (message.type === 'switched') {
      // Until the readers are on it, its progress stays aside (a waiter released now would read the generation left).
      // The API may refuse it, another process having put a newer one in force, and have the thread follow that one.
      const before = this.generation;
      const switching = (this.switching = { generation: message.generation, position: this.rebuildPositions.get(message.generation) ?? null });
      this.rebuildPositions.delete(message.generation);
      try {
        await this.rebuilds.switched(message.generation);
      } finally {
        this.switching = undefined;
      }
      if (this.generation !== before) return; // refused: the thread follows a newer generation now
      this.generation = message.generation;
      this.advance(switching.position);
    } else {
      this.rebuildPositions.delete(message.generation);
      this.rebuilds.failed(message.generation, message.error);
    }
  }

  private advance(position: number | null): void {
    this.position = position;
    if (position === null) return;
    this.waiters.release((waited) => position >= waited);
  }

  private send(message: ToProjectorThread): void {
    this.worker?.postMessage(message);
  }
}
