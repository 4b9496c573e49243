import { createHash } from 'node:crypto';
import { consistencyProof, inclusionProof, rootHash, verifyConsistency, verifyInclusion } from './merkle';

// An independent checker, written from RFC 9162 §2.1 alone (it shares no code with merkle.ts): the tree's root
// by the definition in §2.1.1, and the verification algorithms of §2.1.3.2 and §2.1.4.2, step by step.
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafOf = (d: Buffer) => H(Buffer.from([0]), d);
const node = (l: Buffer, r: Buffer) => H(Buffer.from([1]), l, r);

function mthByDefinition(d: Buffer[]): Buffer {
  if (d.length === 0) return H();
  if (d.length === 1) return leafOf(d[0]);
  let k = 1;
  while (k << 1 < d.length) k <<= 1;
  return node(mthByDefinition(d.slice(0, k)), mthByDefinition(d.slice(k)));
}

/** §2.1.3.2 */
function checkInclusion(leafIndex: number, treeSize: number, leafHash: Buffer, path: Buffer[], root: Buffer): boolean {
  if (leafIndex >= treeSize) return false; // 1
  let fn = leafIndex; // 2
  let sn = treeSize - 1;
  let r = leafHash; // 3
  for (const p of path) {
    // 4
    if (sn === 0) return false; // a
    if ((fn & 1) === 1 || fn === sn) {
      // b
      r = node(p, r); // i
      if ((fn & 1) === 0) while (!((fn & 1) === 1 || fn === 0)) [fn, sn] = [fn >> 1, sn >> 1]; // ii
    } else r = node(r, p);
    [fn, sn] = [fn >> 1, sn >> 1]; // c
  }
  return sn === 0 && r.equals(root); // 5
}

/** §2.1.4.2 */
function checkConsistency(first: number, second: number, firstHash: Buffer, secondHash: Buffer, path: Buffer[]): boolean {
  if (path.length === 0) return false; // 1
  const c = (first & (first - 1)) === 0 ? [firstHash, ...path] : path; // 2
  let fn = first - 1; // 3
  let sn = second - 1;
  while ((fn & 1) === 1) [fn, sn] = [fn >> 1, sn >> 1]; // 4
  let fr = c[0]; // 5
  let sr = c[0];
  for (const v of c.slice(1)) {
    // 6
    if (sn === 0) return false; // a
    if ((fn & 1) === 1 || fn === sn) {
      // b
      fr = node(v, fr); // i
      sr = node(v, sr);
      if ((fn & 1) === 0) while (!((fn & 1) === 1 || fn === 0)) [fn, sn] = [fn >> 1, sn >> 1]; // ii
    } else sr = node(sr, v);
    [fn, sn] = [fn >> 1, sn >> 1]; // c
  }
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0; // 7
}

const MAX = 33;
const data = Array.from({ length: MAX }, (_, i) => createHash('sha256').update(`event ${i}`).digest());
const roots = Array.from({ length: MAX + 1 }, (_, n) => mthByDefinition(data.slice(0, n)));

describe('RFC 9162 Merkle tree over the log', () => {
  it('when the tree is empty or has one leaf, then the root is the hash of the empty string or of 0x00 ‖ leaf', () => {
    expect(rootHash([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(rootHash(data, 1).equals(H(Buffer.from([0]), data[0]))).toBe(true);
  });

  it('when n runs over 0..33, then the root matches the definition of §2.1.1', () => {
    for (let n = 0; n <= MAX; n++) expect(rootHash(data, n).toString('hex')).toBe(roots[n].toString('hex'));
  });

  it('when every (index, n) with 1 <= n <= 33 is proved, then each inclusion proof verifies by §2.1.3.2, and fails for another leaf or root', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      for (let index = 0; index < n; index++) {
        const proof = inclusionProof(data, index, n);
        expect(checkInclusion(index, n, leafOf(data[index]), proof, roots[n])).toBe(true);
        // A proof binds its leaf, its index and its tree.
        expect(checkInclusion(index, n, leafOf(data[(index + 1) % MAX]), proof, roots[n])).toBe(false);
        if (n > 1) expect(checkInclusion((index + 1) % n, n, leafOf(data[index]), proof, roots[n])).toBe(false);
        expect(checkInclusion(index, n, leafOf(data[index]), proof, roots[n === MAX ? 1 : n + 1])).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe((MAX * (MAX + 1)) / 2);
  });

  it('when every (m, n) with 1 <= m < n <= 33 is proved, then each consistency proof verifies by §2.1.4.2, and fails against another root', () => {
    let checked = 0;
    for (let n = 2; n <= MAX; n++) {
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(data, m, n);
        expect(checkConsistency(m, n, roots[m], roots[n], proof)).toBe(true);
        expect(checkConsistency(m, n, roots[m === 1 ? 2 : m - 1], roots[n], proof)).toBe(false);
        expect(checkConsistency(m, n, roots[m], roots[n - 1], proof)).toBe(false);
        // A rewritten history: the same sizes over different leaves.
        const forged = [...data];
        forged[m - 1] = createHash('sha256').update('forged').digest();
        expect(checkConsistency(m, n, roots[m], rootHash(forged, n), consistencyProof(forged, m, n))).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe((MAX * (MAX - 1)) / 2);
  });

  it('when the CLI verifies with merkle.ts, then its verifiers agree with the independent checker', () => {
    for (let n = 1; n <= MAX; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(data, i, n);
        expect(verifyInclusion(leafOf(data[i]), i, n, proof, roots[n])).toBe(true);
        expect(verifyInclusion(leafOf(data[i]), i, n, proof, roots[n - 1])).toBe(false);
        if (i < n - 1) {
          const c = consistencyProof(data, i + 1, n);
          expect(verifyConsistency(i + 1, n, roots[i + 1], roots[n], c)).toBe(true);
          expect(verifyConsistency(i + 1, n, roots[i + 1], roots[n - 1], c)).toBe(false);
        }
      }
    }
  });

  it('when m = n, then the consistency proof is empty', () => {
    for (let n = 1; n <= MAX; n++) expect(consistencyProof(data, n, n)).toEqual([]);
  });

  it('when an index or size is outside the tree, then it refuses', () => {
    expect(() => inclusionProof(data, 3, 3)).toThrow(RangeError);
    expect(() => rootHash(data, MAX + 1)).toThrow(RangeError);
    expect(() => consistencyProof(data, 0, 3)).toThrow(RangeError);
    expect(() => consistencyProof(data, 4, 3)).toThrow(RangeError);
  });

  describe('a frozen array of leaves (a finished scan’s), whose perfect subtrees of 256 leaves and more are kept', () => {
    const LARGE = 1_100;
    const many = Array.from({ length: LARGE }, (_, i) => createHash('sha256').update(`event ${i}`).digest());
    const byDefinition = (n: number) => mthByDefinition(many.slice(0, n)).toString('hex');

    it('when roots of prefixes across the kept sizes are asked in any order, then each is the definition’s', () => {
      const frozen = Object.freeze([...many]);
      for (const n of [LARGE, 257, 1_024, 256, 513, 1, 0, 1_023, 768, 300, LARGE - 1, 512]) expect(rootHash(frozen, n).toString('hex')).toBe(byDefinition(n));
    });

    it('when proofs are asked of it, then they are those of the same leaves unfrozen, and verify by the RFC', () => {
      const frozen = Object.freeze([...many]);
      const root = Buffer.from(byDefinition(LARGE), 'hex');
      for (const index of [0, 255, 256, 700, LARGE - 1]) {
        const path = inclusionProof(frozen, index, LARGE);
        expect(path).toEqual(inclusionProof(many, index, LARGE));
        expect(checkInclusion(index, LARGE, leafOf(many[index]), path, root)).toBe(true);
      }
      for (const m of [1, 256, 300, 1_024]) {
        const path = consistencyProof(frozen, m, LARGE);
        expect(path).toEqual(consistencyProof(many, m, LARGE));
        expect(checkConsistency(m, LARGE, Buffer.from(byDefinition(m), 'hex'), root, path)).toBe(true);
      }
    });

    it('when a second root is asked over most of the same leaves, then their shared subtrees are not hashed again', () => {
      const frozen = Object.freeze([...many]);
      rootHash(frozen);
      // The module object merkle.ts calls through (an `import * as` here would be a copy of it).
      const digests = jest.spyOn(jest.requireActual<typeof import('node:crypto')>('node:crypto'), 'hash');
      try {
        rootHash(frozen, LARGE - 1);
        // 1,099 = 1,024 + 75: the first 1,024 leaves' subtree is kept; the 75 after it are hashed again (75 leaves, 74
        // nodes) and joined to it (1).
        expect(digests.mock.calls.length).toBe(75 + 74 + 1);
        digests.mockClear();
        rootHash([...many], LARGE - 1);
        expect(digests.mock.calls.length).toBeGreaterThan(2 * 1_024);
      } finally {
        digests.mockRestore();
      }
    });
  });
});
