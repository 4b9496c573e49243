import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, RecordedEvent, Subscription } from '@duty-ledger/event-store/event-store.port';
import { foreignCheckpoint } from './foreign-checkpoint';
import { documentKey, indexEntries, projectEvents, touchedIds, type KnownDocuments } from './project-events';
import { PositionWaiters } from './position-waiters';
import type { Projection } from './projection';
import type { Checkpoint, ProjectionBatch, ReadStore, RetiredProjection } from './read-store.port';

/** What the runner needs from a logger; Nest's `Logger` and console both fit. */
export interface RunnerLogger {
  log(message: string): void;
  error(message: string, detail?: unknown): void;
}

export interface ProjectionRunnerOptions {
  /** Events per batch (one read-store transaction per batch, every projection in it). */
  batchSize?: number;
  logger?: RunnerLogger;
  /** Back-off between retries of a failing batch: doubles from `minMs` up to `maxMs`. */
  retry?: { minMs: number; maxMs: number };
  /** Projections no longer run: what a store still holds of them is removed on start (`ReadStore.retire`). */
  retired?: readonly RetiredProjection[];
  /** Told the position every projection has applied, each time it moves (a projector thread reports it to the API). */
  onProgress?: (position: number) => void;
}

/**
 * Events per batch when catching up (live batches are as small as what arrived). Each batch is one read-store
 * transaction for every projection. Rebuilding 300k events of the province (bench/): 1,000 and 2,000 run alike
 * (~11.4k events/s), 5,000 about 12% slower and 20,000 slower still: past a point a batch costs more per event.
 */
const DEFAULT_BATCH_SIZE = 2_000;

/** A projection's own code threw: named in the log, so the failing read model is known. */
class ProjectionFailed extends Error {
  constructor(
    readonly projection: string,
    override readonly cause: unknown,
  ) {
    super(`projection ${projection} failed`);
  }
}

/**
 * Follows the log and applies every projection, each with its own checkpoint, all of a batch in one commit
 * (`ReadStore.applyAll`). A failing batch is retried with back-off, never skipped: read models stay a function of the log.
 */
export class ProjectionRunner {
  private readonly checkpoints = new Map<string, number | null>();
  private readonly waiters = new PositionWaiters();
  private readonly batchSize: number;
  private readonly logger: RunnerLogger;
  private readonly retry: { minMs: number; maxMs: number };
  private readonly retired: readonly RetiredProjection[];
  private readonly onProgress?: (position: number) => void;
  private subscription?: Subscription;
  private stopping?: AbortController;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.logger = options.logger ?? console;
    this.retry = options.retry ?? { minMs: 100, maxMs: 30_000 };
    this.retired = options.retired ?? [];
    this.onProgress = options.onProgress;
    const running = new Set(projections.flatMap((projection) => [`projection ${projection.name}`, ...projection.collections.map((c) => `collection ${c.name}`)]));
    for (const { name, collections } of this.retired) {
      const clash = [`projection ${name}`, ...collections.map((c) => `collection ${c}`)].find((what) => running.has(what));
      if (clash) throw new Error(`retired ${clash} is still run: retiring it would delete a live read model`);
    }
  }

  /** Subscribes from the lowest checkpoint: catch-up, then live. */
  async start(): Promise<void> {
    if (this.subscription) return;
    await this.readStore.defineCollections(this.projections.flatMap((projection) => projection.collections));
    for (const retired of this.retired) await this.readStore.retire(retired);
    const stored = await this.checkpointsBorneOutByTheLog();
    for (const projection of this.projections) this.checkpoints.set(projection.name, stored.get(projection.name)?.position ?? null);
    const stopping = (this.stopping = new AbortController());
    const from = this.minimumCheckpoint();
    this.subscription = this.eventStore.subscribe({ afterPosition: from ?? undefined, batchSize: this.batchSize }, async (events) => {
      await this.applyWithRetry(events, stopping.signal);
      // An embedded store answers synchronously, so catching up would run as one chain of microtasks: timers and
      // HTTP requests (an inline API's /health, its reads) would wait for the whole catch-up. One turn per batch.
      await nextTurn();
    });
  }

  /**
   * The stored checkpoints, once the log bears them out. A store projected from another history of the log (a log
   * restored from an older backup, or replaced) cannot be carried on: new events would land at positions it has
   * already passed and never be applied. It is emptied, and every read model projected again from the start.
   */
  private async checkpointsBorneOutByTheLog(): Promise<Map<string, Checkpoint>> {
    const stored = new Map<string, Checkpoint>();
    for (const projection of this.projections) {
      const checkpoint = await this.readStore.checkpoint(projection.name);
      if (checkpoint) stored.set(projection.name, checkpoint);
    }
    const foreign = await foreignCheckpoint(this.eventStore, stored);
    if (!foreign) return stored;
    const { projection, checkpoint, logRecordedAt } = foreign;
    const holds = logRecordedAt === null ? 'holds no event there' : `holds an event recorded at ${logRecordedAt} there`;
    this.logger.error(
      `the read models were projected from another history of the log: projection ${projection} applied position ${checkpoint.position} ` +
        `recorded at ${checkpoint.recordedAt}, but the log ${holds}. They are emptied and projected again from the start.`,
    );
    await this.readStore.reset();
    return new Map();
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.subscription?.close();
    this.subscription = undefined;
    this.waiters.cancelAll();
  }

  /** The position every projection has applied, or `null` while one of them has applied nothing. */
  async projectedPosition(): Promise<number | null> {
    return this.minimumCheckpoint();
  }

  /** Resolves `true` once every projection has applied `position`, `false` after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.reached(position) ? Promise.resolve(true) : this.waiters.wait(position, timeoutMs);
  }

  /**
   * Resolves `true` once every projection has applied the log's head — asked again after each second of waiting, so a
   * log still being written is followed to its end — or `false` once the runner is stopped.
   */
  async waitForHead(): Promise<boolean> {
    while (this.subscription) {
      const head = await this.eventStore.headPosition();
      if (head === null || (await this.waitFor(head, 1_000))) return true;
    }
    return false;
  }

  private async applyWithRetry(events: RecordedEvent[], signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await this.applyBatch(events);
        return;
      } catch (error) {
        const delay = Math.min(this.retry.maxMs, this.retry.minMs * 2 ** Math.min(attempt, 20));
        const { projection, cause } = error instanceof ProjectionFailed ? error : { projection: 'the read store', cause: error };
        this.logger.error(`projection ${projection} failed on positions ${events[0].position}..${events[events.length - 1].position}; retry in ${delay} ms`, cause);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Every projection's changes for the batch, committed together; the checkpoints move only once they are stored. */
  private async applyBatch(batch: RecordedEvent[]): Promise<void> {
    const batches: ProjectionBatch[] = [];
    for (const projection of this.projections) {
      const checkpoint = this.checkpoints.get(projection.name) ?? null;
      const events = checkpoint === null ? batch : batch.filter((event) => event.position > checkpoint);
      if (events.length === 0) continue;
      try {
        const changes = projectEvents(projection, events, await this.knownDocuments(projection, events));
        const indexed = projection.eventIndex && { index: projection.eventIndex.name, entries: indexEntries(projection.eventIndex.keysOf, events) };
        const last = events[events.length - 1];
        // The checkpoint moves to the batch's end even when nothing changed, so a restart does not re-read it.
        batches.push({ projection: projection.name, batch: changes, indexed, checkpoint: { position: last.position, recordedAt: last.recordedAt } });
      } catch (error) {
        throw new ProjectionFailed(projection.name, error);
      }
    }
    if (batches.length === 0) return;
    await this.readStore.applyAll(batches);
    const before = this.minimumCheckpoint();
    for (const { projection, checkpoint } of batches) this.checkpoints.set(projection, checkpoint.position);
    const after = this.minimumCheckpoint();
    if (after !== null && after !== before) this.onProgress?.(after);
    this.notifyWaiters();
  }

  /** The latest version of every document the events touch, as the projection's lookups will ask for them. */
  private async knownDocuments(projection: Projection, events: readonly RecordedEvent[]): Promise<KnownDocuments> {
    const known: KnownDocuments = new Map();
    for (const [collection, ids] of touchedIds(projection, events)) {
      const found = await this.readStore.getMany(collection, [...ids]);
      for (const id of ids) known.set(documentKey(collection, id), found.get(id)?.doc ?? null);
    }
    return known;
  }

  private minimumCheckpoint(): number | null {
    let minimum: number | null = null;
    for (const projection of this.projections) {
      const position = this.checkpoints.get(projection.name) ?? null;
      if (position === null) return null;
      minimum = minimum === null ? position : Math.min(minimum, position);
    }
    return minimum;
  }

  private reached(position: number): boolean {
    const projected = this.minimumCheckpoint();
    return projected !== null && projected >= position;
  }

  private notifyWaiters(): void {
    this.waiters.release((position) => this.reached(position));
  }
}
