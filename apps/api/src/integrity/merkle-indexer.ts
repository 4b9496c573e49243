import type { EventStore, RecordedEvent, Subscription } from '@duty-ledger/event-store/event-store.port';
import { leafDataOf } from '@duty-ledger/event-store/integrity/chain-verifier';
import { ChunkedTree } from '@duty-ledger/event-store/integrity/chunked-tree';
import { rootOf } from '@duty-ledger/event-store/integrity/merkle';
import type { Checkpoint, DocumentChange, PositionedChanges, ReadStore } from '@duty-ledger/read-store/read-store.port';
import { loadChunks } from './merkle-chunks';
import { CHUNK_SIZE, CHUNKS, MERKLE_COLLECTIONS, MERKLE_LOG, TREE_HEADS, chunkId, treeHeadId, type ChunkDocument } from './merkle-log.documents';
import type { TreeHeadSigner } from './tree-head-signer';

export interface MerkleIndexerOptions {
  /** Sign and store a tree head each time the tree size reaches a multiple of this. */
  treeHeadEvery: number;
  chunkSize?: number;
  /** The signing time of a head (tests pin it). */
  clock?: () => Date;
}

/**
 * Maintains the Merkle log beside the projections: follows the event log, stores the hash of every complete chunk of
 * leaves, and signs a tree head every `treeHeadEvery` events. The chunk in progress lives in memory only; after a
 * restart it is read again from the log, from the end of the last stored chunk — so nothing is written per event,
 * and the stored documents are a function of the log (the signatures aside, which carry their signing time).
 */
export class MerkleIndexer {
  private tree?: ChunkedTree;
  private tailFirstPosition: number | null = null;
  private checkpoint: number | null = null;
  private pushedThrough: number | null = null;
  private pending: PositionedChanges[] = [];
  private pendingCheckpoint?: Checkpoint;
  private subscription?: Subscription;
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
    this.tailFirstPosition = null;
    this.pushedThrough = null;
    this.pending = [];
    this.pendingCheckpoint = undefined;
    this.checkpoint = (await this.store.checkpoint(MERKLE_LOG))?.position ?? null;
    const after = chunks.at(-1)?.lastPosition;
    this.subscription = this.events.subscribe({ afterPosition: after, batchSize: 1_000 }, (batch) => this.index(batch));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
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
      this.pushedThrough = event.position;
      this.tailFirstPosition ??= event.position;
      const leaf = leafDataOf(event);
      const completed = tree.push(leaf);
      // Events at or below the checkpoint were indexed before a restart: they rebuild the chunk in memory only.
      if (this.checkpoint !== null && event.position <= this.checkpoint) {
        if (completed) this.tailFirstPosition = null;
        continue;
      }
      const changes: DocumentChange[] = [];
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
        this.tailFirstPosition = null;
      }
      if (tree.size % this.options.treeHeadEvery === 0) {
        const head = this.signer.sign({
          treeSize: tree.size,
          rootHash: rootOf(tree, tree.size).toString('hex'),
          lastPosition: event.position,
          lastRecordedAt: event.recordedAt,
          signedAt: this.clock().toISOString(),
        });
        changes.push({ collection: TREE_HEADS, id: treeHeadId(head.treeSize), doc: { ...head } });
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
}
