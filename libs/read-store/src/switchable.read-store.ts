import type {
  AsOf,
  CacheStats,
  Checkpoint,
  CollectionSpec,
  Document,
  EventIndexQuery,
  Filter,
  FindOptions,
  PositionedChanges,
  ProjectionBatch,
  ReadStore,
  RetiredProjection,
  StoredDocument,
} from './read-store.port';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { isUnavailable } from '@duty-ledger/event-store/sqlite/sqlite-errors';

/**
 * The read store readers hold while generations change under it: every call goes to the generation in force, and a
 * rebuild swaps in the next one atomically once it has caught up — reads keep working throughout.
 */
export class SwitchableReadStore implements ReadStore {
  /**
   * Reads that failed (operators' `read_store_errors_total`), and whether the last one did (`/health`'s
   * `readStoreReads`): a read-model file that is corrupt or unreadable answers every read with an error while a
   * liveness ping still succeeds.
   */
  readonly reads = { errors: 0, failing: false };

  constructor(
    private current: ReadStore,
    /** The name of the generation readers are on (`undefined`: the first, unnamed one). */
    private named: string | undefined = undefined,
  ) {}

  get generation(): string | undefined {
    return this.named;
  }

  /** Puts `next`, generation `generation`, in force and hands back the previous generation (for the caller to close). */
  switchTo(next: ReadStore, generation: string | undefined = undefined): ReadStore {
    const previous = this.current;
    this.current = next;
    this.named = generation;
    return previous;
  }

  defineCollections(specs: readonly CollectionSpec[]): Promise<void> {
    return this.current.defineCollections(specs);
  }
  apply(projection: string, batch: readonly PositionedChanges[], checkpoint: Checkpoint): Promise<void> {
    return this.current.apply(projection, batch, checkpoint);
  }
  applyAll(batches: readonly ProjectionBatch[]): Promise<void> {
    return this.current.applyAll(batches);
  }
  get<T = Document>(collection: string, id: string, options?: AsOf): Promise<StoredDocument<T> | null> {
    return this.read(() => this.current.get<T>(collection, id, options));
  }
  getMany<T = Document>(collection: string, ids: readonly string[], options?: AsOf): Promise<Map<string, StoredDocument<T>>> {
    return this.read(() => this.current.getMany<T>(collection, ids, options));
  }
  find<T = Document>(collection: string, filter: Filter, options?: FindOptions): Promise<StoredDocument<T>[]> {
    return this.read(() => this.current.find<T>(collection, filter, options));
  }
  findIndexed(index: string, query: EventIndexQuery): Promise<number[]> {
    return this.read(() => this.current.findIndexed(index, query));
  }
  checkpoint(projection: string): Promise<Checkpoint | null> {
    return this.read(() => this.current.checkpoint(projection));
  }
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.current.acquireLease(name, owner, ttlMs);
  }
  renewLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.current.renewLease(name, owner, ttlMs);
  }
  releaseLease(name: string, owner: string): Promise<void> {
    return this.current.releaseLease(name, owner);
  }
  retire(projection: RetiredProjection): Promise<void> {
    return this.current.retire(projection);
  }
  reset(): Promise<void> {
    return this.current.reset();
  }
  /** A read, counted when it fails; SQLite's errors meaning the file cannot be read become StoreUnavailable (503, not 500). */
  private async read<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.reads.failing = false;
      return result;
    } catch (error) {
      this.reads.errors++;
      this.reads.failing = true;
      throw isUnavailable(error) ? new StoreUnavailable(`the read models cannot be read: ${(error as Error).message}`, error) : error;
    }
  }

  /** Refused: readers are on this store. What is dropped is the generation `switchTo` hands back. */
  drop(): Promise<void> {
    return Promise.reject(new Error('the read store readers are on is never dropped: drop the generation a switch hands back'));
  }
  ping(): Promise<void> {
    return this.current.ping();
  }
  /** The generation in force's: a switch starts from an empty cache. */
  cacheStats(): CacheStats | undefined {
    return this.current.cacheStats?.();
  }
  close(): Promise<void> {
    return this.current.close();
  }
}
