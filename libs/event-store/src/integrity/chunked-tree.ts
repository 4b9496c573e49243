import { leavesSource, nodeHash, splitPoint, type LeafData, type SubtreeSource } from './merkle';

/** The leaves of an indexed chunk are needed (a partial range within it) and were not given: load them and ask again. */
export class ChunkLeavesNeeded extends Error {
  constructor(readonly chunk: number) {
    super(`the leaves of Merkle chunk ${chunk} are needed`);
  }
}

/**
 * The RFC 9162 tree over the log, kept as the hashes of its complete chunks (perfect, aligned subtrees of
 * `chunkSize` leaves, stored once by the Merkle indexer) followed by the leaves of the tail after them. Any subtree
 * the proof algorithms ask for is either a perfect run of whole chunks (hashed from the chunk hashes, memoised: they
 * never change), a range within one chunk (hashed from its leaves, which the caller loads on demand), or split as
 * §2.1.1 splits it. A root costs O(log n) hashes once the memo is warm; a proof reads at most two chunks of leaves.
 */
export class ChunkedTree implements SubtreeSource {
  private readonly loaded = new Map<number, readonly LeafData[]>();

  /** `perfect` may be shared by trees over the same chunks (a reader's successive snapshots): chunks never change. */
  constructor(
    readonly chunkSize: number,
    private readonly chunkHashes: Buffer[],
    private tail: LeafData[],
    private readonly perfect = new Map<string, Buffer>(),
  ) {
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 2 || (chunkSize & (chunkSize - 1)) !== 0) throw new RangeError(`chunk size ${chunkSize} is not a power of two >= 2`);
  }

  /** Leaves covered by the stored chunks. */
  get indexedSize(): number {
    return this.chunkHashes.length * this.chunkSize;
  }

  get size(): number {
    return this.indexedSize + this.tail.length;
  }

  get chunks(): number {
    return this.chunkHashes.length;
  }

  /** Appends a leaf to the tail; returns the hash of the chunk it completes, which the tree then keeps as indexed. */
  push(leaf: LeafData): Buffer | undefined {
    this.tail.push(leaf);
    if (this.tail.length < this.chunkSize) return undefined;
    const chunk = leavesSource(this.tail.slice(0, this.chunkSize)).hash(0, this.chunkSize);
    this.chunkHashes.push(chunk);
    this.tail = this.tail.slice(this.chunkSize);
    return chunk;
  }

  /** Gives the leaves of an indexed chunk that `ChunkLeavesNeeded` asked for. */
  provide(chunk: number, leaves: readonly LeafData[]): void {
    if (leaves.length !== this.chunkSize) throw new RangeError(`chunk ${chunk} needs ${this.chunkSize} leaves, not ${leaves.length}`);
    this.loaded.set(chunk, leaves);
  }

  hash(lo: number, hi: number): Buffer {
    const size = hi - lo;
    if (size >= this.chunkSize && (size & (size - 1)) === 0 && lo % size === 0 && hi <= this.indexedSize) return this.perfectRun(lo / this.chunkSize, size / this.chunkSize);
    const chunk = Math.floor(lo / this.chunkSize);
    if (chunk === Math.floor((hi - 1) / this.chunkSize)) {
      const base = chunk * this.chunkSize;
      return leavesSource(this.leavesOf(chunk)).hash(lo - base, hi - base);
    }
    const k = splitPoint(size);
    return nodeHash(this.hash(lo, lo + k), this.hash(lo + k, hi));
  }

  private leavesOf(chunk: number): readonly LeafData[] {
    if (chunk >= this.chunkHashes.length) {
      const from = (chunk - this.chunkHashes.length) * this.chunkSize;
      return this.tail.slice(from, from + this.chunkSize);
    }
    const leaves = this.loaded.get(chunk);
    if (!leaves) throw new ChunkLeavesNeeded(chunk);
    return leaves;
  }

  /** The hash of `count` (a power of two) whole chunks from `first`. */
  private perfectRun(first: number, count: number): Buffer {
    if (count === 1) return this.chunkHashes[first];
    const key = `${first}:${count}`;
    let hash = this.perfect.get(key);
    if (!hash) {
      const half = count / 2;
      hash = nodeHash(this.perfectRun(first, half), this.perfectRun(first + half, half));
      this.perfect.set(key, hash);
    }
    return hash;
  }
}
