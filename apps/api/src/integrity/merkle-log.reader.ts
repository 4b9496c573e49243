import type { EventStore, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { leafDataOf } from '@duty-ledger/event-store/integrity/leaf-data';
import { ChunkLeavesNeeded, ChunkedTree } from '@duty-ledger/event-store/integrity/chunked-tree';
import { consistencyPathOf, inclusionPathOf, leavesSource, rootOf } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { loadChunks } from './merkle-chunks';
import { CHUNK_SIZE, STAMP_CHUNKS, type ChunkDocument } from './merkle-log.documents';

/** The log no longer holds what the Merkle log indexed: events were altered, removed or inserted after the fact. */
export class LogDivergedError extends Error {}

const PAGE = 1_000;

/**
 * Answers tree heads and proofs from the Merkle log the indexer maintains: the stored chunk hashes (cached here; they
 * never change) and the leaves after the last chunk, read from the log at each snapshot. A proof reads at most two
 * chunks of leaves from the log, and checks each against the hash stored when it was indexed.
 */
export class MerkleLogReader {
  private chunks: ChunkDocument[] = [];
  private hashes: Buffer[] = [];
  private readonly perfect = new Map<string, Buffer>();
  private stampHashes: Buffer[] = [];
  private readonly stampsPerfect = new Map<string, Buffer>();

  constructor(
    private readonly events: Pick<EventStore, 'readAll'>,
    private readonly store: ReadStore,
    private readonly chunkSize = CHUNK_SIZE,
  ) {}

  /** The tree over the whole log as it stands now. */
  async snapshot(): Promise<LogTree> {
    await this.refresh();
    const last = this.chunks.at(-1);
    if (last) await this.checkStillHeld(last);
    const tail: RecordedEvent[] = [];
    for (let from = last ? last.lastPosition + 1 : 0; ; ) {
      const page = await this.events.readAll({ fromPosition: from, limit: PAGE });
      tail.push(...page);
      if (page.length < PAGE) break;
      from = page[page.length - 1].position + 1;
    }
    const leaves = tail.map(leafDataOf);
    const tree = new ChunkedTree(this.chunkSize, [...this.hashes], [...leaves], this.perfect);
    // The stamp tree where its chunks keep up with the others (not while those of an older Merkle log are being computed;
    // a chunk stored between the two loads is left to the next snapshot).
    const stampHashes = this.stampHashes.slice(0, this.hashes.length);
    const stamps = stampHashes.length === this.hashes.length ? new ChunkedTree(this.chunkSize, stampHashes, tail.map(stampOf), this.stampsPerfect) : undefined;
    return new LogTree(tree, stamps, [...this.chunks], { events: tail, leaves }, (chunk) => this.chunkEvents(chunk));
  }

  private async refresh(): Promise<void> {
    const fresh = await loadChunks(this.store, this.chunks.length);
    this.chunks.push(...fresh);
    this.hashes.push(...fresh.map((c) => Buffer.from(c.hash, 'hex')));
    const stamps = await loadChunks(this.store, this.stampHashes.length, {}, STAMP_CHUNKS);
    this.stampHashes.push(...stamps.map((c) => Buffer.from(c.hash, 'hex')));
  }

  /** A log cut back below the indexed chunks would otherwise go unseen here: its last indexed event must still be there. */
  private async checkStillHeld(last: ChunkDocument): Promise<void> {
    const [event] = await this.events.readAll({ fromPosition: last.lastPosition, limit: 1 });
    if (event?.position !== last.lastPosition || leafDataOf(event).toString('hex') !== last.lastEventHash)
      throw new LogDivergedError(
        `the log no longer holds the event at position ${last.lastPosition} that ended Merkle chunk ${last.chunk} (tree size ${last.treeSize}): ` +
          'events were removed or altered after they were indexed — GET /v1/integrity locates the break',
      );
  }

  /** The events of an indexed chunk, checked against the hash stored when it was indexed. */
  private async chunkEvents(chunk: ChunkDocument): Promise<RecordedEvent[]> {
    const events = await this.events.readAll({ fromPosition: chunk.firstPosition, limit: this.chunkSize });
    const whole = events.length === this.chunkSize && events.at(-1)?.position === chunk.lastPosition;
    if (!whole || !leavesSource(events.map(leafDataOf)).hash(0, this.chunkSize).equals(Buffer.from(chunk.hash, 'hex')))
      throw new LogDivergedError(
        `the log's events at positions ${chunk.firstPosition}..${chunk.lastPosition} (Merkle chunk ${chunk.chunk}) no longer hash to the chunk ` +
          'indexed when they were written: they were altered, removed or inserted after the fact — GET /v1/integrity locates the break',
      );
    return events;
  }
}

/** Where an event stands and when it was recorded: for the tree's last, what its head pins. */
export interface LastEvent {
  position: number;
  recordedAt: string;
}

/** One snapshot of the tree (and of the stamp tree, where kept): roots and proofs for any size up to its own, and leaf indexes of positions. */
export class LogTree {
  constructor(
    private readonly tree: ChunkedTree,
    private readonly stamps: ChunkedTree | undefined,
    private readonly chunks: readonly ChunkDocument[],
    private readonly tail: { events: readonly RecordedEvent[]; leaves: readonly Buffer[] },
    private readonly chunkEvents: (chunk: ChunkDocument) => Promise<RecordedEvent[]>,
  ) {}

  get size(): number {
    return this.tree.size;
  }

  /** The position and record time of the last event in the tree of size n (`null` for the empty tree). */
  async lastEventAt(n: number): Promise<LastEvent | null> {
    if (n === 0) return null;
    const { position, recordedAt } = await this.eventAt(n - 1);
    return { position, recordedAt };
  }

  /** The leaf index and leaf data of the event at `position`, and the event, or `undefined` when the log holds none there. */
  async leafAt(position: number): Promise<{ leafIndex: number; eventHash: Buffer; event: RecordedEvent } | undefined> {
    const lastIndexed = this.chunks.at(-1)?.lastPosition ?? -1;
    if (position > lastIndexed) {
      const i = binarySearch(this.tail.events, position);
      return i < 0 ? undefined : { leafIndex: this.tree.indexedSize + i, eventHash: this.tail.leaves[i], event: this.tail.events[i] };
    }
    const chunk = this.chunks.find((c) => c.firstPosition <= position && position <= c.lastPosition);
    if (!chunk) return undefined;
    const events = await this.chunkEvents(chunk);
    const i = events.findIndex((e) => e.position === position);
    return i < 0 ? undefined : { leafIndex: chunk.chunk * this.tree.chunkSize + i, eventHash: leafDataOf(events[i]), event: events[i] };
  }

  /** The event at leaf `index`. */
  private async eventAt(index: number): Promise<RecordedEvent> {
    if (index >= this.tree.indexedSize) return this.tail.events[index - this.tree.indexedSize];
    return (await this.chunkEvents(this.chunks[Math.floor(index / this.tree.chunkSize)]))[index % this.tree.chunkSize];
  }

  root(n: number): Promise<Buffer> {
    return this.answer(() => rootOf(this.tree, n));
  }

  /** The stamp tree's root over the whole snapshot (no chunk's leaves needed), where the stamp tree is kept. */
  stampRoot(): Buffer | undefined {
    return this.stamps && rootOf(this.stamps, this.stamps.size);
  }

  /** Where the stamp tree is kept: its root at size n and the inclusion path of leaf `index` (of the event the caller has). */
  stampInclusion(index: number, n: number): Promise<{ root: Buffer; path: Buffer[] } | undefined> {
    return this.inStamps((stamps) => ({ root: rootOf(stamps, n), path: inclusionPathOf(stamps, index, n) }));
  }

  /** Where the stamp tree is kept: its roots at sizes m and n and the consistency proof between them. */
  stampConsistency(m: number, n: number): Promise<{ fromRoot: Buffer; toRoot: Buffer; proof: Buffer[] } | undefined> {
    return this.inStamps((stamps) => ({ fromRoot: rootOf(stamps, m), toRoot: rootOf(stamps, n), proof: consistencyPathOf(stamps, m, n) }));
  }

  /** A computation over the stamp tree, loading (and checking) the stamps of each indexed chunk it needs; `undefined` where it is not kept. */
  private async inStamps<T>(compute: (stamps: ChunkedTree) => T): Promise<T | undefined> {
    const stamps = this.stamps;
    return stamps && this.answer(() => compute(stamps), stamps, (chunk) => this.chunkStamps(stamps, chunk));
  }

  /** The stamps of an indexed chunk's events, checked against the stamp chunk stored when it was indexed. */
  private async chunkStamps(stamps: ChunkedTree, chunk: number): Promise<Buffer[]> {
    const document = this.chunks[chunk];
    const leaves = (await this.chunkEvents(document)).map(stampOf);
    if (!leavesSource(leaves).hash(0, stamps.chunkSize).equals(stamps.hash(chunk * stamps.chunkSize, (chunk + 1) * stamps.chunkSize)))
      throw new LogDivergedError(
        `the log's events at positions ${document.firstPosition}..${document.lastPosition} (Merkle chunk ${chunk}) no longer carry the ids, positions and record times ` +
          'indexed when they were written: one was renumbered, retimed or given another id after the fact — GET /v1/integrity locates the break',
      );
    return leaves;
  }

  inclusionPath(index: number, n: number): Promise<Buffer[]> {
    return this.answer(() => inclusionPathOf(this.tree, index, n));
  }

  consistencyPath(m: number, n: number): Promise<Buffer[]> {
    return this.answer(() => consistencyPathOf(this.tree, m, n));
  }

  /** Runs a computation over a tree, loading (and checking) each indexed chunk whose leaves it turns out to need. */
  private async answer<T>(compute: () => T, tree = this.tree, leavesOf = async (chunk: number) => (await this.chunkEvents(this.chunks[chunk])).map(leafDataOf)): Promise<T> {
    for (;;) {
      try {
        return compute();
      } catch (error) {
        if (!(error instanceof ChunkLeavesNeeded)) throw error;
        tree.provide(error.chunk, await leavesOf(error.chunk));
      }
    }
  }
}

/** The index of the event at `position` (positions increase along the log), or -1. */
function binarySearch(events: readonly Pick<RecordedEvent, 'position'>[], position: number): number {
  let [lo, hi] = [0, events.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].position === position) return mid;
    if (events[mid].position < position) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
