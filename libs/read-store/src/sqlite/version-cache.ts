import { LRUCache } from 'lru-cache';
import type { Document, StoredDocument } from '../read-store.port';

interface Held {
  version: StoredDocument;
  /** The cache's `writes` count when it was read: an open version is trusted only while nothing was committed since. */
  writes: number;
  bytes: number;
}

/**
 * The heap a parsed version of `text` is reckoned to take: its document, the wrappers, its id and instants. Measured
 * per collection of the bench's province, 40,000 versions each (the heap they added, and ~120 bytes for the id's and
 * instants' strings: people 513 bytes a version at 102 characters, meetings 939 at 259, duties 1,174 at 483, findings
 * 2,069 at 1,271): this is within 17% of each, under as often as over.
 */
export function heldBytes(text: string): number {
  return Math.round(1.5 * text.length) + 400;
}

/**
 * Versions a reader has read, by document, answered again at any position they cover without asking SQLite: an as-of
 * chain reads the same few hundred versions (a province's delegations) for every unit of the province. A closed
 * version never changes; an open one may be closed by the next commit, so it is trusted only until the store sees a
 * commit (`committed`). A store emptied under its readers (a reset) must `clear` it. Documents are shared between
 * reads, so they are frozen: a reader that changed one would change every later answer.
 * Bounded by the heap its versions are reckoned to take (`heldBytes`); the documents read least recently go first.
 * The recency list is `lru-cache`'s: a JavaScript `Map` kept in recency order by deleting and re-inserting its key on
 * every read took ~1.5 µs a read at 100,000 documents (bench/FINDINGS.md, `http.chain.p99`).
 */
export class VersionCache {
  /** Each document's versions held, ordered by start; replaced whole when one is added, never changed. */
  private readonly documents: LRUCache<string, readonly Held[]>;
  private versionsHeld = 0;
  private writes = 0;
  /** Reads answered from it, and asked of the store (a miss: not held, or an open version distrusted). */
  readonly reads = { hits: 0, misses: 0 };

  constructor(private readonly capacityBytes: number) {
    this.documents = new LRUCache<string, readonly Held[]>({
      maxSize: Math.max(1, capacityBytes),
      // A document's versions evicted, replaced by the list with the version just read, deleted or cleared.
      dispose: (versions) => {
        this.versionsHeld -= versions.length;
      },
    });
  }

  /** The version of the document in force at `at`, when one held covers it; `undefined`: ask the store. */
  versionAt<T>(collection: string, id: string, at: number): StoredDocument<T> | undefined {
    const versions = this.documents.get(keyOf(collection, id)); // read now: the most recently read
    const found = versions?.[lastStartingBy(versions, at)];
    const covers = found && (found.version.toPosition === null ? found.writes === this.writes : found.version.toPosition > at);
    if (!covers) {
      this.reads.misses++;
      return undefined;
    }
    this.reads.hits++;
    return found.version as StoredDocument<T>;
  }

  /** Holds a version the store answered, `bytes` its reckoned size; returns it as held (frozen, shared with later reads). */
  remember<T>(collection: string, version: StoredDocument<T>, bytes: number): StoredDocument<T> {
    if (bytes > this.capacityBytes) return version;
    const shared = deepFreeze(version);
    const key = keyOf(collection, version.id);
    const versions = this.documents.peek(key) ?? [];
    const at = lastStartingBy(versions, version.fromPosition);
    const held = { version: shared as StoredDocument, writes: this.writes, bytes };
    // The same version read again after a commit (perhaps closed since) takes its place; another goes after it.
    const same = versions[at]?.version.fromPosition === version.fromPosition;
    const next = [...versions.slice(0, same ? at : at + 1), held, ...versions.slice(at + 1)];
    const size = next.reduce((sum, { bytes }) => sum + bytes, 0);
    if (size > this.capacityBytes) {
      this.documents.delete(key); // more versions of one document than it may hold at all
      return shared;
    }
    this.versionsHeld += next.length; // the list it replaces is disposed of
    this.documents.set(key, next, { size }); // the least recently read documents go until it fits
    return shared;
  }

  /** Something was committed to the store: an open version held may have been closed since it was read. */
  committed(): void {
    this.writes++;
  }

  /** The store's versions were deleted or rewritten: nothing held can be trusted. */
  clear(): void {
    this.documents.clear();
    this.writes++;
  }

  /** Versions held and the heap they are reckoned to take (operators' metrics). */
  get size(): { versions: number; bytes: number } {
    return { versions: this.versionsHeld, bytes: this.documents.calculatedSize };
  }
}

function keyOf(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

/** Index of the last version starting at or before `at` (versions ordered by start), -1 when none does. */
function lastStartingBy(versions: readonly Held[], at: number): number {
  let low = 0;
  let high = versions.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (versions[middle].version.fromPosition <= at) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Plain data as JSON.parse makes it (no cycles, nothing inherited): loops rather than Object.values, ~3 times faster. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) deepFreeze((value as Document)[key]);
  }
  return Object.freeze(value);
}
