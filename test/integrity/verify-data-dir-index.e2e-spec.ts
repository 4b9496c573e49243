import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import type { EventMetadata } from '@duty-ledger/event-store/event-store.port';
import { eventHash } from '@duty-ledger/event-store/hash-chain';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { tamperWith } from '../support/tamper';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * `cli verify --data-dir` on a data directory the server wrote: its Merkle log (merkle-log.db) holds the chunk hashes
 * and the heads the server signed as the log grew, so a rewrite that kept every chain consistent is caught offline too.
 */
function verify(...args: string[]): { status: number | null; out: string; json?: any } {
  const run = spawnSync(process.execPath, [BUILT_CLI, 'verify', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: run.stdout + run.stderr, json: args.includes('--json') && run.status !== 2 ? JSON.parse(run.stdout) : undefined };
}

/** Rewrites the event at `position` and forges its hash: its stream's last event, so no chain can tell. */
function forge(dataDir: string, position: number): void {
  const db = new Database(join(dataDir, 'events.db'));
  try {
    const r = db.prepare('SELECT * FROM events WHERE position = ?').get(position) as { data: string; metadata: string; stream_id: string; revision: number; type: string };
    const data = { ...JSON.parse(r.data), name: 'rewritten' };
    const { hash: _old, ...rest } = JSON.parse(r.metadata) as EventMetadata;
    const hash = eventHash(CONFIDENTIAL_FIELDS, { streamId: r.stream_id, revision: r.revision, type: r.type, data, metadata: rest });
    db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify(data), JSON.stringify({ ...rest, hash }), position);
  } finally {
    db.close();
  }
}

/**
 * Moves the record time of the first event from `positions[from]` through `positions[to]` recorded after the one before
 * it (the first of its commit) back to that one's: the log's order of record times holds, so no chain can tell. Returns
 * what puts it back.
 */
function retimeBetweenNeighbours(dataDir: string, positions: readonly number[], from: number, to = from): () => void {
  const db = new Database(join(dataDir, 'events.db'));
  try {
    const at = db.prepare<[number], string>('SELECT recorded_at FROM events WHERE position = ?').pluck();
    for (let i = from; i <= to; i++) {
      const [before, own] = [at.get(positions[i - 1])!, at.get(positions[i])!];
      if (own === before) continue; // one commit: nothing to move
      db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(before, positions[i]);
      return () => tamperWith(dataDir, `UPDATE events SET recorded_at = '${own}' WHERE position = ${positions[i]}`);
    }
    throw new Error(`the events at positions ${positions[from]}..${positions[to]} were all recorded with the one before them`);
  } finally {
    db.close();
  }
}

async function headsUntil(t: TestApp, size: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { body } = await t.http.get('/v1/integrity/tree-heads?limit=1000');
    if (body.items.at(-1)?.treeSize === size) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no signed head of size ${size}`);
}

describe('cli verify --data-dir checks the Merkle log the server kept', () => {
  beforeAll(() => ensureBuilt(BUILT_CLI), 180_000);

  describe('with signed heads and no complete chunk (INTEGRITY_TREE_HEAD_EVERY=4, 12 events)', () => {
    let t: TestApp;
    let positions: number[];
    beforeEach(async () => {
      t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '4' });
      for (let i = 0; i < 12; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `人${i}` })).status).toBe(201);
      positions = (await t.http.get('/v1/events?limit=1000')).body.events.map((e: { position: number }) => e.position);
      expect(positions).toHaveLength(12);
      await headsUntil(t, 12);
      await t.close();
    }, 60_000);

    it('when nothing was touched, then it verifies and says the latest signed head matches', () => {
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(0);
      expect(run.json).toMatchObject({ ok: true, merkleIndex: { matchesLog: true }, latestSignedHead: { treeSize: 12, matchesLog: true, signatureHolds: true } });
    });

    it('when a stream’s last event is rewritten and its hash forged, then every chain holds but the signed head does not: exit 1', () => {
      forge(t.dataDir, positions[5]);
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ ok: false, chain: { ok: true }, latestSignedHead: { treeSize: 12, matchesLog: false } });
      const text = verify('--data-dir', t.dataDir);
      expect(text.out).toMatch(/TAMPERED: the latest tree head the server signed \(size 12, .*no longer hash to it/);
    });

    it('when two events of different streams swap places in the log, then every chain holds but the signed head does not: exit 1', () => {
      // Each place keeps its record time, so that record times still go forward along the log.
      tamperWith(t.dataDir, `CREATE TEMP TABLE places AS SELECT position, recorded_at FROM events WHERE position IN (${positions[2]}, ${positions[3]});
        UPDATE events SET position = -1 WHERE position = ${positions[2]};
        UPDATE events SET position = ${positions[2]} WHERE position = ${positions[3]};
        UPDATE events SET position = ${positions[3]} WHERE position = -1;
        UPDATE events SET recorded_at = (SELECT recorded_at FROM places WHERE places.position = events.position) WHERE position IN (${positions[2]}, ${positions[3]});`);
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ chain: { ok: true }, latestSignedHead: { matchesLog: false } });
    });

    it('when the last event the signed head covers is moved to a later position, keeping log order, then the head’s signed lastPosition shows it: exit 1', () => {
      tamperWith(t.dataDir, `UPDATE events SET position = ${positions[11] + 1000} WHERE position = ${positions[11]}`);
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ chain: { ok: true }, latestSignedHead: { treeSize: 12, lastPosition: positions[11], matchesLog: false } });
      expect(verify('--data-dir', t.dataDir).out).toContain(`its last event (the log's event 12) was at position ${positions[11]}, now at ${positions[11] + 1000}: positions were rewritten`);
    });

    it('when the record times of the first events are all moved back, their order kept, then every chain holds but the head that ends among them does not: exit 1', () => {
      tamperWith(t.dataDir, `UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z' WHERE position <= ${positions[5]}`);
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({
        ok: false,
        chain: { ok: true },
        latestSignedHead: { treeSize: 12, matchesLog: false },
        signedHeads: { heads: 3, pinningRecordTime: 3, pinningStamps: 3, matchesLog: false, firstMismatch: { treeSize: 4, lastPosition: positions[3] } },
      });
      expect(run.json.signedHeads.firstMismatch.detail).toMatch(/the log now says 2000-01-01T00:00:00.000Z: a record time was rewritten/);
      expect(verify('--data-dir', t.dataDir).out).toMatch(/TAMPERED: the tree head the server signed at size 4 .*a record time was rewritten/);
    });

    it('when an event between the ends of two signed heads is retimed, its order kept, then no chain and no head’s pins can tell, but the latest head’s stamp root does: exit 1', () => {
      retimeBetweenNeighbours(t.dataDir, positions, 4, 6); // not 7: the head at 8 ends there
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ ok: false, chain: { ok: true }, merkleIndex: { matchesLog: true }, signedHeads: { matchesLog: true }, latestSignedHead: { treeSize: 12, matchesLog: false } });
      expect(verify('--data-dir', t.dataDir).out).toMatch(
        /TAMPERED: the latest tree head the server signed \(size 12, .*: the log's first 12 events no longer carry the ids, positions and record times it signed \(stamp root [0-9a-f]{64}, now [0-9a-f]{64}\): an event was renumbered, retimed or given another id/,
      );
    });

    it('when one event’s record time is set before the event ahead of it, then the chain check names that event: exit 1', () => {
      tamperWith(t.dataDir, `UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z' WHERE position = ${positions[5]}`);
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ ok: false, chain: { ok: false, verifiedThroughPosition: positions[4], brokenAt: { position: positions[5], reason: 'record-time-backwards' } } });
    });

    it('when the signed heads are signed by another key than the one pinned, then exit 1', () => {
      const run = verify('--data-dir', t.dataDir, '--json', '--public-key', 'MCowBQYDK2VwAyEA' + 'A'.repeat(43) + '=');
      expect(run.status).toBe(1);
      expect(run.json.latestSignedHead).toMatchObject({ matchesLog: true });
    });
  });

  describe('after an idle spell (INTEGRITY_TREE_HEAD_SECONDS=1: 3 events, a second idle, 2 events in a row)', () => {
    let t: TestApp;
    let events: { position: number; recordedAt: string }[];
    let saved: string;
    beforeEach(async () => {
      t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '1000', INTEGRITY_TREE_HEAD_SECONDS: '1' });
      for (let i = 0; i < 3; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `人${i}` })).status).toBe(201);
      await headsUntil(t, 3);
      await new Promise((r) => setTimeout(r, 2_200)); // a tick (or two) that finds the log idle
      for (let i = 3; i < 5; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `人${i}` })).status).toBe(201);
      await headsUntil(t, 5);
      events = (await t.http.get('/v1/events?limit=1000')).body.events;
      // The head the spell began with, as an auditor would save it from the list of signed heads.
      saved = join(t.dataDir, 'head-3.json');
      writeFileSync(saved, JSON.stringify((await t.http.get('/v1/integrity/tree-heads?limit=1000')).body.items[0]));
      await t.close();
    }, 60_000);

    it('when the first event after the spell is backdated into it, its order kept, then the head the spell began with, signed again when it ended, shows it: exit 1', () => {
      expect(verify('--data-dir', t.dataDir, '--json')).toMatchObject({ status: 0, json: { ok: true, signedHeads: { matchesLog: true } } });
      expect(verify('--data-dir', t.dataDir, '--tree-head', saved, '--json')).toMatchObject({ status: 0, json: { treeHead: { treeSize: 3, signature: 'valid', consistent: true } } });
      tamperWith(t.dataDir, `UPDATE events SET recorded_at = '${events[2].recordedAt}' WHERE position = ${events[3].position}`);
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      // The head at 5 signed the stamp root over the event too: it no longer matches either.
      expect(run.json).toMatchObject({ ok: false, chain: { ok: true }, latestSignedHead: { treeSize: 5, matchesLog: false }, signedHeads: { matchesLog: false, firstMismatch: { treeSize: 3, lastPosition: events[2].position } } });
      expect(verify('--data-dir', t.dataDir).out).toMatch(/TAMPERED: the tree head the server signed at size 3 .*recorded nothing after it through .*a record time was backdated/);
      const head = verify('--data-dir', t.dataDir, '--tree-head', saved, '--json');
      expect(head.json.treeHead).toMatchObject({ treeSize: 3, signature: 'valid', consistent: false, problem: expect.stringMatching(/^the saved head: it was signed when the log had recorded nothing after it through .*a record time was backdated$/) });
    });
  });

  describe('against a head saved from GET /v1/integrity/tree-head (3 events, then one more after it was saved)', () => {
    let t: TestApp;
    let saved: string;
    let head: { lastRecordedAt: string; recordedThrough?: string };
    let events: { position: number; recordedAt: string }[];
    beforeEach(async () => {
      t = await startTestApp();
      for (let i = 0; i < 3; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `人${i}` })).status).toBe(201);
      for (let i = 0; i < 400 && (await t.http.get('/v1/integrity/tree-head')).body.treeSize < 3; i++) await new Promise((r) => setTimeout(r, 25));
      head = (await t.http.get('/v1/integrity/tree-head')).body;
      saved = join(t.dataDir, 'saved-head.json');
      writeFileSync(saved, JSON.stringify(head));
      expect((await t.http.post('/v1/people', { personId: 'p3', name: '人3' })).status).toBe(201);
      events = (await t.http.get('/v1/events?limit=1000')).body.events;
      await t.close();
    }, 60_000);

    it('when an event the saved head covers is retimed, its order kept and its end untouched, then the saved head’s stamp root shows it: exit 1', () => {
      // The first event a millisecond earlier: the order holds, and the saved head ends on the third.
      tamperWith(t.dataDir, `UPDATE events SET recorded_at = '${new Date(Date.parse(events[0].recordedAt) - 1).toISOString()}' WHERE position = ${events[0].position}`);
      const run = verify('--data-dir', t.dataDir, '--tree-head', saved, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ chain: { ok: true }, treeHead: { treeSize: 3, signature: 'valid', consistent: false } });
      expect(run.json.treeHead.problem).toMatch(/^the saved head: the log's first 3 events no longer carry the ids, positions and record times it signed .*: an event was renumbered, retimed or given another id$/);
    });

    it('when the event recorded after the head was saved is backdated to before it was asked for, order kept, then the saved head alone shows it: exit 1', () => {
      expect(head.recordedThrough! >= head.lastRecordedAt && head.recordedThrough! < events[3].recordedAt).toBe(true);
      expect(verify('--data-dir', t.dataDir, '--tree-head', saved, '--json')).toMatchObject({ status: 0, json: { treeHead: { treeSize: 3, signature: 'valid', consistent: true } } });
      tamperWith(t.dataDir, `UPDATE events SET recorded_at = '${head.recordedThrough}' WHERE position = ${events[3].position}`);
      const run = verify('--data-dir', t.dataDir, '--tree-head', saved, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ chain: { ok: true }, signedHeads: { matchesLog: true }, treeHead: { treeSize: 3, signature: 'valid', consistent: false } });
      expect(run.json.treeHead.problem).toBe(
        `the saved head: it was signed when the log had recorded nothing after it through ${head.recordedThrough}, yet the next event (position ${events[3].position}) now says it was recorded at ${head.recordedThrough}: a record time was backdated`,
      );
    });
  });

  describe('across a key change (heads every 4 events: 8 signed with key A, then 4 with key B)', () => {
    let dataDir: string;
    const keyPair = (file: string) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    };
    let [a, b] = ['', ''];
    beforeAll(async () => {
      const keys = mkdtempSync(join(tmpdir(), 'dl-keys-'));
      [a, b] = [keyPair(join(keys, 'a.pem')), keyPair(join(keys, 'b.pem'))];
      let t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '4', INTEGRITY_SIGNING_KEY_FILE: join(keys, 'a.pem') });
      for (let i = 0; i < 8; i++) expect((await t.http.post('/v1/people', { personId: `a${i}`, name: `甲${i}` })).status).toBe(201);
      await headsUntil(t, 8);
      await t.close();
      t = await startTestApp({ DATA_DIR: t.dataDir, INTEGRITY_TREE_HEAD_EVERY: '4', INTEGRITY_SIGNING_KEY_FILE: join(keys, 'b.pem') });
      for (let i = 0; i < 4; i++) expect((await t.http.post('/v1/people', { personId: `b${i}`, name: `乙${i}` })).status).toBe(201);
      await headsUntil(t, 12);
      await t.close();
      dataDir = t.dataDir;
    }, 60_000);

    it('then with no key pinned it verifies, naming both keys in the order they signed', () => {
      const run = verify('--data-dir', dataDir, '--json');
      expect(run.status).toBe(0);
      expect(run.json.signedHeads).toMatchObject({ heads: 3, keys: [a, b], matchesLog: true });
      expect(verify('--data-dir', dataDir).out).toContain(`verify with 2 keys in turn (${a}, ${b})`);
    });

    it('when both keys are pinned, then it verifies; when only the new one is, then the heads of the old one are named: exit 1', () => {
      expect(verify('--data-dir', dataDir, '--public-key', a, '--public-key', b).status).toBe(0);
      const run = verify('--data-dir', dataDir, '--json', '--public-key', b);
      expect(run.status).toBe(1);
      expect(run.json.signedHeads.firstMismatch).toMatchObject({ treeSize: 4, detail: `it is signed by key ${a}, not the key you trust (${b})` });
    });
  });

  describe('past one complete chunk (260 events)', () => {
    let t: TestApp;
    let positions: number[];
    beforeAll(async () => {
      t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '100000' });
      for (let i = 0; i < 260; i += 20)
        await Promise.all(Array.from({ length: 20 }, (_, j) => t.http.post('/v1/people', { personId: `p${i + j}`, name: `人${i + j}` }).then((r) => expect(r.status).toBe(201))));
      positions = (await t.http.get('/v1/events?limit=1000')).body.events.map((e: { position: number }) => e.position);
      for (let i = 0; i < 400 && (await t.http.get('/v1/integrity')).body.merkleIndex?.indexedTreeSize !== 256; i++) await new Promise((r) => setTimeout(r, 25));
      await t.close();
    }, 120_000);

    it('when an event inside the chunk is retimed, its order kept, under no signed head, then the stored stamp chunk names it: exit 1', () => {
      const restore = retimeBetweenNeighbours(t.dataDir, positions, 100, 200);
      try {
        const run = verify('--data-dir', t.dataDir, '--json');
        expect(run.status).toBe(1);
        expect(run.json).toMatchObject({
          chain: { ok: true },
          merkleIndex: { matchesLog: true },
          stampIndex: { matchesLog: false, firstMismatch: { chunk: 0, firstPosition: positions[0], lastPosition: positions[255], detail: expect.stringContaining('renumbered, retimed or given another id') } },
        });
        expect(verify('--data-dir', t.dataDir).out).toContain(`TAMPERED: stamp chunk 0 (positions ${positions[0]}..${positions[255]}) stored by the server`);
      } finally {
        restore();
      }
      expect(verify('--data-dir', t.dataDir).status).toBe(0);
    });

    it('when an event inside the chunk is rewritten and its hash forged, then the chunk is named: exit 1', () => {
      forge(t.dataDir, positions[100]);
      const run = verify('--data-dir', t.dataDir, '--json');
      expect(run.status).toBe(1);
      expect(run.json).toMatchObject({ chain: { ok: true }, merkleIndex: { matchesLog: false, firstMismatch: { chunk: 0, firstPosition: positions[0], lastPosition: positions[255] } } });
      expect(verify('--data-dir', t.dataDir).out).toContain(`positions ${positions[0]}..${positions[255]}`);
    });
  });
});
