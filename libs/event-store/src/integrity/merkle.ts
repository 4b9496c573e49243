import { createHash, hash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 over the log: leaf i is the i-th event in log order, its data the 32 bytes of
 * the event's `hash`. Pure functions over an array of leaf data; `n` is the tree size (a prefix of `leaves`).
 */
export type LeafData = Uint8Array;

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

/** Where a leaf's or a node's 33 or 65 bytes are put together to be hashed at once (hashing is synchronous). */
const scratch = Buffer.allocUnsafe(65);

/** SHA-256(0x00 ‖ data) */
export function leafHash(data: LeafData): Buffer {
  if (data.length !== 32) return sha256(LEAF, data);
  scratch[0] = 0x00;
  scratch.set(data, 1);
  return hash('sha256', scratch.subarray(0, 33), 'buffer');
}

/**
 * SHA-256(0x01 ‖ left ‖ right). Nodes of SHA-256 hashes are hashed in one call over one buffer: a million leaves' tree
 * is two million of them, and an incremental hash object for each took 1.7 times as long.
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32) return sha256(NODE, left, right);
  scratch[0] = 0x01;
  scratch.set(left, 1);
  scratch.set(right, 33);
  return hash('sha256', scratch, 'buffer');
}

/** The largest power of two smaller than n (n > 1): where §2.1.1 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Where the proof algorithms get the hash of a subtree D[lo:hi]: the leaves themselves (below), or stored subtree
 * hashes (chunked-tree.ts). The algorithms only ask for ranges of RFC 9162's own recursion, so a source may answer
 * perfect aligned subtrees from storage and recurse for the rest.
 */
export interface SubtreeSource {
  /** MTH(D[lo:hi]), 0 <= lo < hi <= the tree size asked about. */
  hash(lo: number, hi: number): Buffer;
}

/** The subtree hashes of an array of leaf data, computed from the leaves. */
export function leavesSource(leaves: readonly LeafData[]): SubtreeSource {
  const mth = (lo: number, hi: number): Buffer => {
    if (hi - lo === 1) return leafHash(leaves[lo]);
    const k = splitPoint(hi - lo);
    return nodeHash(mth(lo, lo + k), mth(lo + k, hi));
  };
  return { hash: mth };
}

/** Perfect subtrees of this many leaves or more are kept for a frozen array: two hashes for every 256 leaves. */
const KEPT_FROM = 256;
const keptSources = new WeakMap<readonly LeafData[], SubtreeSource>();

/**
 * The subtree hashes of an array of leaf data. A frozen array (a finished scan's: chain-verifier.ts) cannot change, so
 * one source is kept for it that remembers its perfect subtrees of 256 leaves and more: every left subtree of §2.1.1's
 * recursion is one, so the stored chunks' hashes, the whole log's root and a head's root over a prefix of it cost one
 * pass over the leaves between them, not one each.
 */
export function subtreesOf(leaves: readonly LeafData[]): SubtreeSource {
  if (!Object.isFrozen(leaves)) return leavesSource(leaves);
  let source = keptSources.get(leaves);
  if (!source) keptSources.set(leaves, (source = keepingSource(leaves)));
  return source;
}

function keepingSource(leaves: readonly LeafData[]): SubtreeSource {
  const computed = leavesSource(leaves);
  const kept = new Map<string, Buffer>();
  const hash = (lo: number, hi: number): Buffer => {
    const size = hi - lo;
    if (size < KEPT_FROM) return computed.hash(lo, hi);
    const perfect = (size & (size - 1)) === 0;
    const key = `${lo}+${size}`;
    const found = perfect ? kept.get(key) : undefined;
    if (found) return found;
    const k = splitPoint(size);
    const made = nodeHash(hash(lo, lo + k), hash(lo + k, hi));
    if (perfect) kept.set(key, made);
    return made;
  };
  return { hash };
}

/** MTH(D[n]) (§2.1.1); the hash of the empty string for n = 0. */
export function rootHash(leaves: readonly LeafData[], n: number = leaves.length): Buffer {
  checkSize(leaves, n);
  return rootOf(subtreesOf(leaves), n);
}

/** PATH(m, D[n]) (§2.1.3.1): the audit path of leaf `index` in the tree of size n, leaf-side first. */
export function inclusionProof(leaves: readonly LeafData[], index: number, n: number = leaves.length): Buffer[] {
  checkSize(leaves, n);
  return inclusionPathOf(subtreesOf(leaves), index, n);
}

/** PROOF(m, D[n]) (§2.1.4.1): that the tree of size m is a prefix of the tree of size n; empty when m = n. */
export function consistencyProof(leaves: readonly LeafData[], m: number, n: number = leaves.length): Buffer[] {
  checkSize(leaves, n);
  return consistencyPathOf(subtreesOf(leaves), m, n);
}

/** MTH(D[n]) from a source of subtree hashes. */
export function rootOf(source: SubtreeSource, n: number): Buffer {
  return n === 0 ? sha256() : source.hash(0, n);
}

/** PATH(index, D[n]) from a source of subtree hashes. */
export function inclusionPathOf(source: SubtreeSource, index: number, n: number): Buffer[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= n) throw new RangeError(`leaf index ${index} is not in a tree of size ${n}`);
  const path = (m: number, lo: number, hi: number): Buffer[] => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return m < k ? [...path(m, lo, lo + k), source.hash(lo + k, hi)] : [...path(m - k, lo + k, hi), source.hash(lo, lo + k)];
  };
  return path(index, 0, n);
}

/** PROOF(m, D[n]) from a source of subtree hashes. */
export function consistencyPathOf(source: SubtreeSource, m: number, n: number): Buffer[] {
  if (!Number.isSafeInteger(m) || m < 1 || m > n) throw new RangeError(`a consistency proof needs 0 < m <= n (m = ${m}, n = ${n})`);
  const subproof = (m: number, lo: number, hi: number, complete: boolean): Buffer[] => {
    if (m === hi - lo) return complete ? [] : [source.hash(lo, hi)];
    const k = splitPoint(hi - lo);
    return m <= k ? [...subproof(m, lo, lo + k, complete), source.hash(lo + k, hi)] : [...subproof(m - k, lo + k, hi, false), source.hash(lo, lo + k)];
  };
  return m === n ? [] : subproof(m, 0, n, true);
}

function checkSize(leaves: readonly LeafData[], n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > leaves.length) throw new RangeError(`tree size ${n} is not within 0..${leaves.length}`);
}

/** §2.1.3.2: does `proof` show that the leaf with this hash is at `index` in the tree of size n with `root`? */
export function verifyInclusion(leaf: Uint8Array, index: number, n: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (index < 0 || index >= n) return false;
  let fn = index;
  let sn = n - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/** §2.1.4.2: does `proof` show that the tree of size m with `firstRoot` is a prefix of the tree of size n with `secondRoot`? */
export function verifyConsistency(m: number, n: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  const equal = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (m < 1 || m > n) return false;
  if (m === n) return proof.length === 0 && equal(firstRoot, secondRoot);
  if (proof.length === 0) return false;
  // The step numbering below is RFC 9162's.
  const path = isPowerOfTwo(m) ? [firstRoot, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
}

const isPowerOfTwo = (x: number): boolean => x > 0 && (x & (x - 1)) === 0;
