import { createHash, createPublicKey, verify } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * An external auditor's check of the Merkle log, written from RFC 9162 §2.1 alone — none of the server's code is
 * imported — over every tree size across the 256-leaf chunk boundaries the server stores (256, 257, 512, 513).
 */
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (data: Buffer) => H(Buffer.from([0]), data);
const node = (l: Buffer, r: Buffer) => H(Buffer.from([1]), l, r);
const bytes = (hex: string) => Buffer.from(hex, 'hex');
/** The stamp tree's leaf data, as README's recipe says: SHA-256 of {"eventId","hash","position","recordedAt"}, keys in that order. */
const stampOf = (e: { eventId: string; position: number; recordedAt: string; metadata: { hash: string } }) =>
  H(Buffer.from(JSON.stringify({ eventId: e.eventId, hash: e.metadata.hash, position: e.position, recordedAt: e.recordedAt }), 'utf8'));
const hex = (b: Buffer) => b.toString('hex');

/** §2.1.1: the largest power of two smaller than n. */
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** MTH(D[n]) of §2.1.1, memoised per range. */
function treeOf(leaves: Buffer[]) {
  const memo = new Map<string, Buffer>();
  const mth = (lo: number, hi: number): Buffer => {
    const key = `${lo}:${hi}`;
    let h = memo.get(key);
    if (!h) {
      h = hi - lo === 1 ? leafHash(leaves[lo]) : node(mth(lo, lo + split(hi - lo)), mth(lo + split(hi - lo), hi));
      memo.set(key, h);
    }
    return h;
  };
  /** PATH(m, D[n]) of §2.1.3.1. */
  const path = (m: number, lo: number, hi: number): Buffer[] => {
    if (hi - lo === 1) return [];
    const k = split(hi - lo);
    return m < k ? [...path(m, lo, lo + k), mth(lo + k, hi)] : [...path(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  /** SUBPROOF(m, D[n], b) of §2.1.4.1. */
  const subproof = (m: number, lo: number, hi: number, b: boolean): Buffer[] => {
    if (m === hi - lo) return b ? [] : [mth(lo, hi)];
    const k = split(hi - lo);
    return m <= k ? [...subproof(m, lo, lo + k, b), mth(lo + k, hi)] : [...subproof(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  return { root: (n: number) => mth(0, n), path: (m: number, n: number) => path(m, 0, n), proof: (m: number, n: number) => (m === n ? [] : subproof(m, 0, n, true)) };
}

/** §2.1.3.2, step by step. */
function inclusionHolds(index: number, size: number, leaf: Buffer, path: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else r = node(r, p);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && r.equals(root);
}

/** §2.1.4.2, step by step. */
function consistencyHolds(m: number, n: number, first: Buffer, second: Buffer, proof: Buffer[]): boolean {
  if (m === n) return proof.length === 0 && first.equals(second);
  if (proof.length === 0) return false;
  const c = (m & (m - 1)) === 0 ? [first, ...proof] : proof;
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) [fn, sn] = [fn >> 1, sn >> 1];
  let [fr, sr] = [c[0], c[0]];
  for (const v of c.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      [fr, sr] = [node(v, fr), node(v, sr)];
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else sr = node(sr, v);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && fr.equals(first) && sr.equals(second);
}

describe('the auditor’s own RFC 9162 checker', () => {
  // The Certificate Transparency test vectors (RFC 6962's reference implementation): eight leaves, the roots of each prefix.
  const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(bytes);
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('when run on the CT test vectors, then it computes their roots and accepts exactly its own proofs', () => {
    const tree = treeOf(leaves);
    for (let n = 1; n <= 8; n++) {
      expect(hex(tree.root(n))).toBe(roots[n - 1]);
      for (let i = 0; i < n; i++) {
        expect(inclusionHolds(i, n, leafHash(leaves[i]), tree.path(i, n), tree.root(n))).toBe(true);
        expect(inclusionHolds(i, n, leafHash(leaves[(i + 1) % 8]), tree.path(i, n), tree.root(n))).toBe(false);
      }
      for (let m = 1; m <= n; m++) {
        expect(consistencyHolds(m, n, tree.root(m), tree.root(n), tree.proof(m, n))).toBe(true);
        if (m < n) expect(consistencyHolds(m, n, tree.root(n), tree.root(n), tree.proof(m, n))).toBe(false);
      }
    }
  });
});

describe('an auditor checks the served Merkle log over every tree size across the chunk boundaries', () => {
  let t: TestApp;
  let events: Array<{ eventId: string; position: number; recordedAt: string; metadata: { hash: string } }>;
  let tree: ReturnType<typeof treeOf>;
  /** The stamp tree over the served events. */
  let stamps: ReturnType<typeof treeOf>;
  let N: number;

  beforeAll(async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '100' });
    for (let i = 0; (await t.http.eventCount()) < 530; i += 20)
      await Promise.all(Array.from({ length: 20 }, (_, j) => t.http.post('/v1/people', { personId: `p${i + j}`, name: `人${i + j}` }).then((r) => expect(r.status).toBe(201))));
    events = [];
    for (let from: number | null = 0; from !== null; ) {
      const reply: { body: { events: typeof events; next: number | null } } = await t.http.get(`/v1/events?fromPosition=${from}&limit=1000`, { role: 'inspector' });
      events.push(...reply.body.events);
      from = reply.body.next;
    }
    N = events.length;
    // The leaf data: the 32 bytes the event's hex `hash` spells.
    tree = treeOf(events.map((e) => bytes(e.metadata.hash)));
    stamps = treeOf(events.map(stampOf));
  }, 120_000);
  afterAll(() => t.close());

  const get = async (path: string) => {
    const reply = await t.http.get(path, { role: 'inspector' });
    expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    return reply.body;
  };

  it('then the head of the whole log is MTH of the served events, its signature verifies with the served key over the documented bytes', async () => {
    const head = await get('/v1/integrity/tree-head');
    expect(head).toMatchObject({ treeSize: N, rootHash: hex(tree.root(N)), stampRoot: hex(stamps.root(N)), lastPosition: events[N - 1].position, lastRecordedAt: events[N - 1].recordedAt });
    // The signed bytes as an auditor writes them from the README: RFC 8785 of the seven fields (the Merkle log caught up,
    // the head says until when nothing else was recorded), keys in code-unit order.
    expect(head.recordedThrough >= head.lastRecordedAt).toBe(true);
    const message =
      `{"lastPosition":${head.lastPosition},"lastRecordedAt":${JSON.stringify(head.lastRecordedAt)},"recordedThrough":${JSON.stringify(head.recordedThrough)},` +
      `"rootHash":${JSON.stringify(head.rootHash)},"signedAt":${JSON.stringify(head.signedAt)},"stampRoot":${JSON.stringify(head.stampRoot)},"treeSize":${head.treeSize}}`;
    const key = createPublicKey({ key: bytes(Buffer.from(head.publicKey, 'base64').toString('hex')), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('ed25519');
    expect(verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(head.signature, 'base64'))).toBe(true);
  });

  it('then every tree size 1..N has the root MTH gives, and a consistency proof to N that is RFC 9162’s and verifies', async () => {
    for (let m = 1; m <= N; m++) {
      const body = await get(`/v1/integrity/consistency?from=${m}&to=${N}`);
      const want = { from: m, to: N, fromRootHash: hex(tree.root(m)), toRootHash: hex(tree.root(N)), proof: tree.proof(m, N).map(hex) };
      const stamped = { fromStampRoot: hex(stamps.root(m)), toStampRoot: hex(stamps.root(N)), stampProof: stamps.proof(m, N).map(hex) };
      expect(body).toEqual({ ...want, ...stamped });
      expect(consistencyHolds(m, N, tree.root(m), tree.root(N), body.proof.map(bytes))).toBe(true);
      expect(consistencyHolds(m, N, stamps.root(m), stamps.root(N), body.stampProof.map(bytes))).toBe(true);
    }
  });

  const sizes = () => [...new Set([1, 2, 3, 4, 5, 7, 8, 9, 127, 128, 129, 255, 256, 257, 258, 300, 301, 383, 384, 511, 512, 513, N - 1, N])].filter((n) => n >= 1 && n <= N);

  it('then consistency proofs between sizes on both sides of each chunk boundary verify', async () => {
    for (const n of sizes())
      for (const m of sizes().filter((m) => m <= n)) {
        const body = await get(`/v1/integrity/consistency?from=${m}&to=${n}`);
        expect({ m, n, proof: body.proof }).toEqual({ m, n, proof: tree.proof(m, n).map(hex) });
        expect(consistencyHolds(m, n, bytes(body.fromRootHash), bytes(body.toRootHash), body.proof.map(bytes))).toBe(true);
        expect(body.toRootHash).toBe(hex(tree.root(n)));
        // The stamp tree's: no event of the earlier tree renumbered or retimed since.
        expect({ m, n, fromStampRoot: body.fromStampRoot, toStampRoot: body.toStampRoot, stampProof: body.stampProof }).toEqual({ m, n, fromStampRoot: hex(stamps.root(m)), toStampRoot: hex(stamps.root(n)), stampProof: stamps.proof(m, n).map(hex) });
        expect(consistencyHolds(m, n, stamps.root(m), stamps.root(n), body.stampProof.map(bytes))).toBe(true);
      }
  });

  it('then inclusion proofs of leaves on both sides of each chunk boundary verify in trees of those sizes', async () => {
    for (const n of sizes()) {
      const indexes = [...new Set([0, 1, n >> 1, 127, 128, 254, 255, 256, 257, 300, 511, 512, n - 2, n - 1])].filter((i) => i >= 0 && i < n);
      for (const i of indexes) {
        const body = await get(`/v1/integrity/inclusion?position=${events[i].position}&treeSize=${n}`);
        expect(body).toMatchObject({ leafIndex: i, treeSize: n, eventHash: events[i].metadata.hash, rootHash: hex(tree.root(n)) });
        expect(body.auditPath).toEqual(tree.path(i, n).map(hex));
        expect(inclusionHolds(i, n, leafHash(bytes(events[i].metadata.hash)), body.auditPath.map(bytes), tree.root(n))).toBe(true);
        // And when it was recorded: its stamp, computed here from the served event, is leaf i of the stamp tree.
        expect(body).toMatchObject({ eventId: events[i].eventId, recordedAt: events[i].recordedAt, stampRoot: hex(stamps.root(n)) });
        expect(inclusionHolds(i, n, leafHash(stampOf(events[i])), body.stampPath.map(bytes), stamps.root(n))).toBe(true);
      }
    }
  });

  it('then every head the indexer signed as the log grew is the root of that prefix, signed by the same key', async () => {
    const expected = [100, 200, 300, 400, 500].filter((n) => n <= N);
    // The indexer follows the log: wait for it to have signed them all.
    for (let i = 0; i < 400 && (await get('/v1/integrity/tree-heads?limit=1000')).items.length < expected.length; i++) await new Promise((r) => setTimeout(r, 25));
    const { items, meta } = await get('/v1/integrity/tree-heads?limit=1000');
    expect(items.map((h: { treeSize: number }) => h.treeSize)).toEqual(expected);
    const key = createPublicKey({ key: Buffer.from(meta.publicKey, 'base64'), format: 'der', type: 'spki' });
    for (const head of items) {
      const last = events[head.treeSize - 1];
      expect(head).toMatchObject({ rootHash: hex(tree.root(head.treeSize)), stampRoot: hex(stamps.root(head.treeSize)), lastPosition: last.position, lastRecordedAt: last.recordedAt, publicKey: meta.publicKey });
      const message = `{"lastPosition":${head.lastPosition},"lastRecordedAt":"${head.lastRecordedAt}","rootHash":"${head.rootHash}","signedAt":"${head.signedAt}","stampRoot":"${head.stampRoot}","treeSize":${head.treeSize}}`;
      expect(verify(null, Buffer.from(message), key, Buffer.from(head.signature, 'base64'))).toBe(true);
    }
  });
  it('when the server restarts and the log grows, then the heads signed before are unchanged and the new tree extends them', async () => {
    const before = (await get('/v1/integrity/tree-heads?limit=1000')).items;
    await t.close();
    t = await startTestApp({ DATA_DIR: t.dataDir, INTEGRITY_TREE_HEAD_EVERY: '100' });
    for (let i = 0; i < 3; i++) expect((await t.http.post('/v1/people', { personId: `after-${i}`, name: `后${i}` })).status).toBe(201);
    const { events: more } = await get(`/v1/events?fromPosition=${events[N - 1].position + 1}&limit=1000`);
    const grown = treeOf([...events, ...more].map((e: { metadata: { hash: string } }) => bytes(e.metadata.hash)));
    const grownStamps = treeOf([...events, ...more].map(stampOf));
    const M = N + more.length;
    const head = await get('/v1/integrity/tree-head');
    expect(head).toMatchObject({ treeSize: M, rootHash: hex(grown.root(M)) });
    for (const m of [1, 255, 256, 257, 512, N]) {
      const body = await get(`/v1/integrity/consistency?from=${m}&to=${M}`);
      expect(body).toEqual({
        from: m,
        to: M,
        fromRootHash: hex(tree.root(m)),
        toRootHash: hex(grown.root(M)),
        proof: grown.proof(m, M).map(hex),
        fromStampRoot: hex(stamps.root(m)),
        toStampRoot: hex(grownStamps.root(M)),
        stampProof: grownStamps.proof(m, M).map(hex),
      });
    }
    expect((await get('/v1/integrity/tree-heads?limit=1000')).items.slice(0, before.length)).toEqual(before);
    expect(await get('/v1/integrity')).toMatchObject({ ok: true, merkleIndex: { matchesLog: true }, latestSignedHead: { matchesLog: true, signatureHolds: true } });
  });
});

describe('an auditor checks the head of an empty log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('then its roots are SHA-256 of the empty string, lastPosition and lastRecordedAt null, signed over {"lastPosition":null,"lastRecordedAt":null,…}', async () => {
    const { status, body: head } = await t.http.get('/v1/integrity/tree-head', { role: 'inspector' });
    expect(status).toBe(200);
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(head).toMatchObject({ treeSize: 0, lastPosition: null, lastRecordedAt: null, rootHash: empty, stampRoot: empty });
    const message = `{"lastPosition":null,"lastRecordedAt":null,"rootHash":"${head.rootHash}","signedAt":"${head.signedAt}","stampRoot":"${empty}","treeSize":0}`;
    const key = createPublicKey({ key: Buffer.from(head.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(message), key, Buffer.from(head.signature, 'base64'))).toBe(true);
  });
});
