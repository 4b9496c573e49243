import type { EventStore, RecordedEvent, Subscription } from '@duty-ledger/event-store/event-store.port';
import { ChunkedTree } from '@duty-ledger/event-store/integrity/chunked-tree';
import { leafDataOf } from '@duty-ledger/event-store/integrity/leaf-data';
import { rootOf } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import type { Checkpoint, DocumentChange, PositionedChanges, ReadStore } from '@duty-ledger/read-store/read-store.port';
import { allDocuments, loadChunks } from './merkle-chunks';
import { CHUNK_SIZE, CHUNKS, MERKLE_COLLECTIONS, MERKLE_LOG, MERKLE_LOG_TIMED_HEADS, STAMP_CHUNKS, TREE_HEADS, chunkId, treeHeadId, type ChunkDocument, type TreeHeadDocument } from './merkle-log.documents';
import { recordedThroughNow } from './recorded-through';
import { backfillStamps } from './stamp-backfill';
import type { SignedTreeHead, TreeHeadSigner } from './tree-head-signer';

export interface MerkleIndexerOptions {
  /** Sign and store a tree head each time the tree size reaches a multiple of this. */
  treeHeadEvery: number;
  /**
   * Also sign one over everything indexed whenever this long has passed and the log has grown since the last head
   * (0 or absent: by count alone). A log that grows slowly would otherwise wait weeks for its next head: with it, every
   * event is under a signed head, its position and record time pinned, within about this long of being indexed.
   */
  treeHeadAfterMs?: number;
  chunkSize?: number;
  /**
   * How long after its record time an append of another process may still be unreadable: the instant a head says the
   * log was idle through is taken this much earlier (0 for the embedded log, whose `positionAt` waits out every writer
   * of its file; EventStoreDB's leader stamps an append before its replicas acknowledge it).
   */
  appendsInFlightMs?: number;
  /** The signing time of a head (tests pin it). */
  clock?: () => Date;
}

/**
 * Maintains the Merkle log beside the projections: follows the event log, stores the hash of every complete chunk of
 * leaves — of the tree of event hashes and of the stamp tree (stamps.ts) — and signs a tree head over both every
 * `treeHeadEvery` events (and, with `treeHeadAfterMs`, at least that often while the log grows). The chunk in progress
 * lives in memory only; after a restart it is read again from the log, from the end of the last stored chunk — so
 * nothing is written per event, and the stored chunks and heads by count are a function of the log (the signatures
 * aside, which carry their signing time; heads on time depend on when the log grew).
 */
export class MerkleIndexer {
  private tree?: ChunkedTree;
  /** The stamp tree, chunk for chunk with `tree`; absent where a log indexed before it was kept no longer bears out its chunks. */
  private stamps?: ChunkedTree;
  private tailFirstPosition: number | null = null;
  private checkpoint: number | null = null;
  private pushedThrough: number | null = null;
  private pending: PositionedChanges[] = [];
  private pendingCheckpoint?: Checkpoint;
  private subscription?: Subscription;
  /** The last event pushed into the tree: where a timed head ends. */
  private lastIndexed?: { position: number; recordedAt: string };
  /** The size of the tree under the latest head signed (stored or waiting in `pending`). */
  private signedSize = 0;
  /**
   * While the log is idle after a signed head: the latest instant by which, as a tick saw, the log had recorded nothing
   * after it. Signed into that head again when the log grows (`recordedThrough`), so the first events after the spell
   * cannot be backdated into it.
   */
  private idle?: { treeSize: number; through: string };
  private timer?: NodeJS.Timeout;
  /** Batches and timed heads take turns: a head is signed over a tree no batch is changing. */
  private turn: Promise<void> = Promise.resolve();
  private readonly chunkSize: number;
  private readonly clock: () => Date;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly signer: TreeHeadSigner,
    private readonly options: MerkleIndexerOptions,
  ) {
    this.chunkSize = options.chunkSize ?? CHUNK_SIZE;
    this.clock = options.clock ?? (() => new Date());
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    await this.store.defineCollections(MERKLE_COLLECTIONS);
    const chunks = await loadChunks(this.store, 0);
    this.tree = new ChunkedTree(this.chunkSize, chunks.map((c) => Buffer.from(c.hash, 'hex')), []);
    const stamped = await backfillStamps(this.events, this.store, chunks, await loadChunks(this.store, 0, {}, STAMP_CHUNKS), this.chunkSize);
    this.stamps = stamped.length === chunks.length ? new ChunkedTree(this.chunkSize, stamped.map((c) => Buffer.from(c.hash, 'hex')), []) : undefined;
    this.tailFirstPosition = null;
    this.pushedThrough = null;
    this.pending = [];
    this.pendingCheckpoint = undefined;
    this.checkpoint = (await this.store.checkpoint(MERKLE_LOG))?.position ?? null;
    this.signedSize = (await allDocuments<TreeHeadDocument>(this.store, TREE_HEADS)).at(-1)?.treeSize ?? 0;
    this.idle = undefined;
    const after = chunks.at(-1)?.lastPosition;
    const every = this.options.treeHeadAfterMs ?? 0;
    // Where the stored chunks end, until the tail after them is pushed again: an idle log's last leaf, for the ticks.
    const end = after === undefined || every === 0 ? null : await this.events.readAt(after);
    this.lastIndexed = end ? { position: end.position, recordedAt: end.recordedAt } : undefined;
    this.subscription = this.events.subscribe({ afterPosition: after, batchSize: 1_000 }, (batch) => this.inTurn(() => this.index(batch)));
    if (every > 0) {
      // A head that cannot be stored now (the store unavailable) is signed again at the next tick.
      this.timer = setInterval(() => void this.inTurn(() => this.onTick()).catch(() => undefined), every);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.subscription?.close();
    this.subscription = undefined;
    await this.turn; // a timed head being stored
  }

  /** The position the stored Merkle log covers (its checkpoint), or `null` before the first batch. */
  indexedPosition(): number | null {
    return this.checkpoint;
  }

  /**
   * The subscription retries a batch whose handler failed: leaves already pushed are not pushed again, and the
   * changes not yet stored wait in `pending` for the retry.
   */
  private async index(batch: RecordedEvent[]): Promise<void> {
    const tree = this.tree!;
    for (const event of batch) {
      if (this.pushedThrough !== null && event.position <= this.pushedThrough) continue;
      // Events at or below the checkpoint were indexed before a restart: they rebuild the chunk in memory only.
      const replayed = this.checkpoint !== null && event.position <= this.checkpoint;
      const changes: DocumentChange[] = replayed ? [] : this.idleSpellEnding(tree);
      this.pushedThrough = event.position;
      this.lastIndexed = { position: event.position, recordedAt: event.recordedAt };
      this.tailFirstPosition ??= event.position;
      const leaf = leafDataOf(event);
      const completed = tree.push(leaf);
      const stampsCompleted = this.stamps?.push(stampOf(event));
      if (replayed) {
        if (completed) this.tailFirstPosition = null;
        continue;
      }
      if (completed) {
        const doc: ChunkDocument = {
          chunk: tree.chunks - 1,
          hash: completed.toString('hex'),
          firstPosition: this.tailFirstPosition,
          lastPosition: event.position,
          lastEventHash: leaf.toString('hex'),
          treeSize: tree.indexedSize,
        };
        changes.push({ collection: CHUNKS, id: chunkId(doc.chunk), doc: { ...doc } });
        if (stampsCompleted) changes.push({ collection: STAMP_CHUNKS, id: chunkId(doc.chunk), doc: { ...doc, hash: stampsCompleted.toString('hex') } });
        this.tailFirstPosition = null;
      }
      if (tree.size % this.options.treeHeadEvery === 0) {
        const head = this.signHead(tree, event);
        changes.push({ collection: TREE_HEADS, id: treeHeadId(head.treeSize), doc: { ...head } });
        this.signedSize = head.treeSize;
      }
      if (changes.length > 0) this.pending.push({ position: event.position, recordedAt: event.recordedAt, changes });
      this.pendingCheckpoint = { position: event.position, recordedAt: event.recordedAt };
    }
    if (!this.pendingCheckpoint) return;
    await this.store.apply(MERKLE_LOG, this.pending, this.pendingCheckpoint);
    this.checkpoint = this.pendingCheckpoint.position;
    this.pending = [];
    this.pendingCheckpoint = undefined;
  }

  /**
   * On time: a head over everything indexed when the log grew since the last (stored under a checkpoint of its own, the
   * Merkle log's having passed the event it ends on, which moves forward with each timed head as the tree grows); when
   * it did not, the instant the log is idle through, kept for the head that the next event will sign again.
   */
  private async onTick(): Promise<void> {
    const [tree, last] = [this.tree, this.lastIndexed];
    if (!tree || !last || this.pendingCheckpoint) return;
    const through = await this.recordedThrough(last);
    if (tree.size <= this.signedSize) {
      if (through !== undefined && tree.size === this.signedSize) this.idle = { treeSize: tree.size, through };
      return;
    }
    const head = this.signHead(tree, last, through);
    const at = { position: last.position, recordedAt: last.recordedAt };
    await this.store.apply(MERKLE_LOG_TIMED_HEADS, [{ ...at, changes: [{ collection: TREE_HEADS, id: treeHeadId(head.treeSize), doc: { ...head } }] }], at);
    this.signedSize = head.treeSize;
  }

  /** The instant the log is idle through now, if it recorded nothing after `last` (see `recordedThroughNow`). */
  private recordedThrough(last: { position: number; recordedAt: string }): Promise<string | undefined> {
    return recordedThroughNow(this.events, last, this.clock(), this.options.appendsInFlightMs);
  }

  /**
   * The first event after an idle spell: the head the spell began with, signed again with the instant the log was last
   * seen idle through, to be stored with the event (a document's new version at the event's position).
   */
  private idleSpellEnding(tree: ChunkedTree): DocumentChange[] {
    const idle = this.idle;
    if (idle === undefined) return []; // every event but the first after a spell: nothing more on the path
    this.idle = undefined;
    const last = this.lastIndexed;
    if (!last || idle.treeSize !== tree.size) return [];
    const head = this.signHead(tree, last, idle.through);
    return [{ collection: TREE_HEADS, id: treeHeadId(head.treeSize), doc: { ...head } }];
  }

  /** The head over the whole tree (and the stamp tree, where kept) as it stands, ending on `last`. */
  private signHead(tree: ChunkedTree, last: { position: number; recordedAt: string }, recordedThrough?: string): SignedTreeHead {
    return this.signer.sign({
      treeSize: tree.size,
      rootHash: rootOf(tree, tree.size).toString('hex'),
      lastPosition: last.position,
      lastRecordedAt: last.recordedAt,
      ...(recordedThrough === undefined ? {} : { recordedThrough }),
      ...(this.stamps === undefined ? {} : { stampRoot: rootOf(this.stamps, tree.size).toString('hex') }),
      signedAt: this.clock().toISOString(),
    });
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const done = this.turn.then(work);
    this.turn = done.catch(() => undefined);
    return done;
  }
}
