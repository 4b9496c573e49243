import { createHash, createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';
import { startTestApp, type TestApp } from '../support/test-app';

// The auditor's side, independent of the server's code: RFC 9162 §2.1.3.2 and §2.1.4.2 written out here.
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const node = (l: Buffer, r: Buffer) => H(Buffer.from([1]), l, r);
const shift = (fn: number, sn: number) => [fn >> 1, sn >> 1];

function inclusionHolds(index: number, size: number, leaf: Buffer, path: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let [fn, sn, r] = [index, size - 1, leaf] as [number, number, Buffer];
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = shift(fn, sn);
    } else r = node(r, p);
    [fn, sn] = shift(fn, sn);
  }
  return sn === 0 && r.equals(root);
}

function consistencyHolds(m: number, n: number, first: Buffer, second: Buffer, path: Buffer[]): boolean {
  if (path.length === 0) return m === n && first.equals(second);
  const c = (m & (m - 1)) === 0 ? [first, ...path] : path;
  let [fn, sn] = [m - 1, n - 1];
  while (fn % 2 === 1) [fn, sn] = shift(fn, sn);
  let [fr, sr] = [c[0], c[0]];
  for (const v of c.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      [fr, sr] = [node(v, fr), node(v, sr)];
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = shift(fn, sn);
    } else sr = node(sr, v);
    [fn, sn] = shift(fn, sn);
  }
  return sn === 0 && fr.equals(first) && sr.equals(second);
}

const bytes = (hex: string) => Buffer.from(hex, 'hex');

describe('integrity over HTTP: an auditor verifies the ledger without trusting the server', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    for (const body of [
      { unitId: 'committee', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' },
      { unitId: 'branch', name: '药学院党总支', kind: 'general-branch', parentUnitId: 'committee', effectiveFrom: '2018-01-01' },
    ])
      expect((await t.http.post('/v1/units', body)).status).toBe(201);
    for (const body of [{ personId: 'A', name: '甲' }, { personId: 'B', name: '乙' }]) expect((await t.http.post('/v1/people', body)).status).toBe(201);
  });
  afterAll(() => t.close());

  it('when the log is untouched, then GET /v1/integrity is ok for every reading role', async () => {
    const events = await t.http.eventCount();
    for (const role of ['integrator', 'inspector', 'discipline', 'admin'] as const) {
      const reply = await t.http.get('/v1/integrity', { role });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ ok: true, events, treeSize: events });
      expect(reply.body.brokenAt).toBeUndefined();
      expect(reply.body.streams).toBeGreaterThanOrEqual(4);
      expect(reply.body.rootHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect((await t.http.get('/v1/integrity', { role: null })).status).toBe(401);
  });

  it('when a tree head is fetched, then its Ed25519 signature verifies with its public key over the canonical JSON of the other fields', async () => {
    const { status, body: head } = await t.http.get('/v1/integrity/tree-head', { role: 'inspector' });
    expect(status).toBe(200);
    const { signature, publicKey, ...signed } = head;
    expect(Object.keys(signed).sort()).toEqual(['lastPosition', 'lastRecordedAt', 'recordedThrough', 'rootHash', 'signedAt', 'stampRoot', 'treeSize']);
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('ed25519');
    expect(verify(null, Buffer.from(canonicalJson(signed)), key, Buffer.from(signature, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(canonicalJson({ ...signed, treeSize: signed.treeSize + 1 })), key, Buffer.from(signature, 'base64'))).toBe(false);
    // The same key after the next request: the development key is kept in DATA_DIR.
    expect((await t.http.get('/v1/integrity/tree-head')).body.publicKey).toBe(publicKey);
  });

  it('when an inclusion proof is asked for an event, then it verifies against the signed tree head’s root with the auditor’s own checker', async () => {
    const { body: head } = await t.http.get('/v1/integrity/tree-head');
    const { body: feed } = await t.http.get('/v1/events?limit=1000');
    expect(feed.events).toHaveLength(head.treeSize);
    for (const [index, event] of feed.events.entries()) {
      const reply = await t.http.get(`/v1/integrity/inclusion?position=${event.position}&treeSize=${head.treeSize}`, { role: 'inspector' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ position: event.position, leafIndex: index, treeSize: head.treeSize, eventHash: event.metadata.hash, rootHash: head.rootHash });
      // The leaf is computed here from the event as the feed served it, not taken from the proof.
      const leaf = H(Buffer.from([0]), bytes(event.metadata.hash));
      expect(inclusionHolds(index, head.treeSize, leaf, reply.body.auditPath.map(bytes), bytes(head.rootHash))).toBe(true);
      expect(inclusionHolds(index, head.treeSize, H(Buffer.from([0]), bytes('00'.repeat(32))), reply.body.auditPath.map(bytes), bytes(head.rootHash))).toBe(false);
    }
  });

  it('when the log grows after a saved head, then a consistency proof shows the saved tree is a prefix of the new one', async () => {
    const { body: saved } = await t.http.get('/v1/integrity/tree-head');
    expect((await t.http.post('/v1/people', { personId: 'C', name: '丙' })).status).toBe(201);
    const { body: now } = await t.http.get('/v1/integrity/tree-head');
    expect(now.treeSize).toBeGreaterThan(saved.treeSize);
    const reply = await t.http.get(`/v1/integrity/consistency?from=${saved.treeSize}&to=${now.treeSize}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ from: saved.treeSize, to: now.treeSize, fromRootHash: saved.rootHash, toRootHash: now.rootHash });
    expect(consistencyHolds(saved.treeSize, now.treeSize, bytes(saved.rootHash), bytes(now.rootHash), reply.body.proof.map(bytes))).toBe(true);
    expect(consistencyHolds(saved.treeSize, now.treeSize, bytes(now.rootHash), bytes(now.rootHash), reply.body.proof.map(bytes))).toBe(false);
  });

  it('when a parameter is bad, then 400 problem+json; when no event is at the position, then 404', async () => {
    const { body: head } = await t.http.get('/v1/integrity/tree-head');
    for (const path of [
      '/v1/integrity/inclusion',
      '/v1/integrity/inclusion?position=abc',
      '/v1/integrity/inclusion?position=-1',
      `/v1/integrity/inclusion?position=${head.lastPosition}&treeSize=0`,
      `/v1/integrity/inclusion?position=${head.lastPosition}&treeSize=${head.treeSize + 1}`,
      `/v1/integrity/inclusion?position=${head.lastPosition}&treeSize=1`,
      '/v1/integrity/consistency',
      '/v1/integrity/consistency?from=0',
      '/v1/integrity/consistency?from=2&to=1',
      `/v1/integrity/consistency?from=1&to=${head.treeSize + 1}`,
      '/v1/integrity/consistency?from=1.5',
    ]) {
      const reply = await t.http.get(path);
      expect({ path, status: reply.status, type: reply.headers.get('content-type') }).toEqual({ path, status: 400, type: expect.stringContaining('application/problem+json') });
    }
    const missing = await t.http.get(`/v1/integrity/inclusion?position=${head.lastPosition + 1000}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('signed tree heads as the log grows (INTEGRITY_TREE_HEAD_EVERY=3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '3' });
    for (let i = 0; i < 10; i++) expect((await t.http.post('/v1/people', { personId: `P${i}`, name: `人${i}` })).status).toBe(201);
  });
  afterAll(() => t.close());

  /** MTH by RFC 9162 §2.1.1's definition, over the events as the feed served them. */
  const mth = (d: Buffer[]): Buffer => {
    if (d.length === 1) return H(Buffer.from([0]), d[0]);
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return node(mth(d.slice(0, k)), mth(d.slice(k)));
  };

  async function headsUntil(size: number): Promise<Array<Record<string, unknown> & { treeSize: number; rootHash: string; signature: string; publicKey: string }>> {
    for (let i = 0; i < 200; i++) {
      const { body } = await t.http.get('/v1/integrity/tree-heads?limit=1000', { role: 'inspector' });
      if (body.items.at(-1)?.treeSize === size) return body.items;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no signed head of size ${size}`);
  }

  it('then the indexer has signed a head at every multiple of 3, each the root of that prefix of the feed, under the one key', async () => {
    const { body: feed } = await t.http.get('/v1/events?limit=1000');
    const size = feed.events.length;
    const heads = await headsUntil(size - (size % 3));
    expect(heads.map((h) => h.treeSize)).toEqual(Array.from({ length: Math.floor(size / 3) }, (_, i) => 3 * (i + 1)));
    const leaves = feed.events.map((e: { metadata: { hash: string } }) => bytes(e.metadata.hash));
    for (const { signature, publicKey, ...signed } of heads) {
      expect(signed.rootHash).toBe(mth(leaves.slice(0, signed.treeSize)).toString('hex'));
      expect(signed.lastPosition).toBe(feed.events[signed.treeSize - 1].position);
      const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
      expect(verify(null, Buffer.from(canonicalJson(signed)), key, Buffer.from(signature, 'base64'))).toBe(true);
    }
    const page = await t.http.get('/v1/integrity/tree-heads?limit=2');
    expect(page.body.items.map((h: { treeSize: number }) => h.treeSize)).toEqual([3, 6]);
    expect(page.body.meta.publicKey).toBe(heads[0].publicKey);
    const next = await t.http.get(`/v1/integrity/tree-heads?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((h: { treeSize: number }) => h.treeSize)).toEqual(heads.slice(2, 4).map((h) => h.treeSize));
    expect((await t.http.get('/v1/integrity/tree-heads?cursor=bogus')).status).toBe(400);
  });

  it('when a head or proof is asked as of a read point, then 400: they are addressed by tree size, and the point would be ignored', async () => {
    for (const path of ['/v1/integrity/tree-head?asOfPosition=1', '/v1/integrity/tree-heads?asOf=2020-01-01T00:00:00Z', '/v1/integrity/inclusion?position=1&asOfPosition=999999', '/v1/integrity/consistency?from=1&consistentWith=1']) {
      const reply = await t.http.get(path);
      expect({ path, status: reply.status, type: reply.headers.get('content-type') }).toEqual({ path, status: 400, type: expect.stringMatching(/^application\/problem\+json/) });
    }
  });

  it('then GET /v1/integrity checks the latest signed head and the Merkle index against the log, and signs a head of its own', async () => {
    const { body: feed } = await t.http.get('/v1/events?limit=1000');
    const size = feed.events.length;
    await headsUntil(size - (size % 3));
    const { status, body } = await t.http.get('/v1/integrity');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, treeSize: size, merkleIndex: { matchesLog: true }, latestSignedHead: { treeSize: size - (size % 3), matchesLog: true } });
    expect(body.treeHead).toMatchObject({ treeSize: size, rootHash: body.rootHash, lastPosition: feed.events.at(-1).position });
  });
});

describe('signed tree heads on time too (INTEGRITY_TREE_HEAD_EVERY=1000, INTEGRITY_TREE_HEAD_SECONDS=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '1000', INTEGRITY_TREE_HEAD_SECONDS: '1' });
  });
  afterAll(() => t.close());

  const heads = async () => (await t.http.get('/v1/integrity/tree-heads?limit=1000', { role: 'inspector' })).body.items as Array<{ treeSize: number; lastPosition: number; lastRecordedAt: string }>;
  async function headsUntil(size: number): Promise<Awaited<ReturnType<typeof heads>>> {
    for (let i = 0; i < 200; i++) {
      const items = await heads();
      if (items.at(-1)?.treeSize === size) return items;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no signed head of size ${size}`);
  }

  it('when a few events are written, far fewer than the count, then within seconds a head pins where the last is and when it was recorded', async () => {
    for (let i = 0; i < 3; i++) expect((await t.http.post('/v1/people', { personId: `T${i}`, name: `时${i}` })).status).toBe(201);
    const { events } = (await t.http.get('/v1/events?limit=1000')).body;
    const [head] = await headsUntil(events.length);
    expect(head).toMatchObject({ treeSize: 3, lastPosition: events[2].position, lastRecordedAt: events[2].recordedAt });
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: true, signedHeads: { heads: 1, pinningRecordTime: 1, matchesLog: true } });

    expect((await t.http.post('/v1/people', { personId: 'T3', name: '时3' })).status).toBe(201);
    expect((await headsUntil(4)).map((h) => h.treeSize)).toEqual([3, 4]);
    expect((await t.http.get('/metrics', { role: null })).body).toMatch(/^merkle_unsigned_seconds 0$/m);
  });

  it('when a bad number of seconds is configured, then the server does not start', async () => {
    await expect(startTestApp({ INTEGRITY_TREE_HEAD_SECONDS: '-1' })).rejects.toThrow(/INTEGRITY_TREE_HEAD_SECONDS/);
  });
});
