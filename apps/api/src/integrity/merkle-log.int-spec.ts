import Database from 'better-sqlite3';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { leafDataOf } from '@duty-ledger/event-store/integrity/leaf-data';
import { consistencyProof, leafHash, rootHash, verifyInclusion } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { checkIndexAgainstLog, checkSignedHeads } from './log-checks';
import { loadChunks } from './merkle-chunks';
import { MerkleIndexer } from './merkle-indexer';
import { MERKLE_LOG_TIMED_HEADS, STAMP_CHUNKS, TREE_HEADS, type TreeHeadDocument } from './merkle-log.documents';
import { LogDivergedError, MerkleLogReader } from './merkle-log.reader';
import { signatureHolds, TreeHeadSigner } from './tree-head-signer';

const CHUNK = 4;
const EVERY = 5;
const signer = new TreeHeadSigner(generateKeyPairSync('ed25519').privateKey);
const meta = (n: number) => ({ actor: { name: 'tester', role: 'admin' }, commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, schemaVersion: 1 });

interface Setup {
  dir: string;
  events: SqliteEventStore;
  merkle: SqliteReadStore;
}

function setup(): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'duty-ledger-merkle-'));
  return { dir, events: new SqliteEventStore({ file: join(dir, 'events.db') }), merkle: new SqliteReadStore({ file: join(dir, 'merkle-log.db') }) };
}

/** `count` events over three streams, interleaved. */
async function append(events: EventStore, from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n++) await events.append(`unit-${n % 3}`, [{ type: 'UnitRenamed', data: { unitId: `unit-${n % 3}`, name: `name ${n}` }, metadata: meta(n) }], { expectedRevision: 'any' });
}

async function leavesOf(events: EventStore) {
  const all = await events.readAll({ fromPosition: 0, limit: 10_000 });
  return { leaves: all.map(leafDataOf), positions: all.map((e) => e.position), recordedAt: all.map((e) => e.recordedAt), stamps: all.map(stampOf) };
}

async function caughtUp(indexer: MerkleIndexer, events: EventStore): Promise<void> {
  const head = await events.headPosition();
  for (let i = 0; i < 400 && indexer.indexedPosition() !== head; i++) await sleep(10);
  expect(indexer.indexedPosition()).toBe(head);
}

const indexerOn = (s: Setup, store: ReadStore = s.merkle) => new MerkleIndexer(s.events, store, signer, { treeHeadEvery: EVERY, chunkSize: CHUNK });

describe('the Merkle log the indexer maintains, and the proofs read from it', () => {
  let s: Setup;
  beforeEach(() => (s = setup()));
  afterEach(async () => {
    await s.events.close();
    await s.merkle.close();
  });

  it('given 23 events, then it stores 5 chunks of each tree and a signed head every 5 events, each the RFC 9162 roots of its prefix', async () => {
    await append(s.events, 0, 23);
    const indexer = indexerOn(s);
    await indexer.start();
    await caughtUp(indexer, s.events);
    await indexer.stop();
    const { leaves, positions, recordedAt, stamps } = await leavesOf(s.events);

    const chunks = await loadChunks(s.merkle, 0);
    expect(chunks.map((c) => [c.chunk, c.firstPosition, c.lastPosition, c.treeSize])).toEqual([0, 1, 2, 3, 4].map((c) => [c, positions[c * CHUNK], positions[c * CHUNK + 3], (c + 1) * CHUNK]));
    chunks.forEach((c) => expect(c.hash).toBe(rootHash(leaves.slice(c.chunk * CHUNK, (c.chunk + 1) * CHUNK)).toString('hex')));
    const stampChunks = await loadChunks(s.merkle, 0, {}, STAMP_CHUNKS);
    expect(stampChunks.map((c) => [c.chunk, c.firstPosition, c.lastPosition])).toEqual(chunks.map((c) => [c.chunk, c.firstPosition, c.lastPosition]));
    stampChunks.forEach((c) => expect(c.hash).toBe(rootHash(stamps.slice(c.chunk * CHUNK, (c.chunk + 1) * CHUNK)).toString('hex')));

    const heads = (await s.merkle.find<TreeHeadDocument>(TREE_HEADS, {})).map((h) => h.doc);
    expect(heads.map((h) => h.treeSize)).toEqual([5, 10, 15, 20]);
    for (const h of heads) {
      expect(h.rootHash).toBe(rootHash(leaves, h.treeSize).toString('hex'));
      expect(h.stampRoot).toBe(rootHash(stamps, h.treeSize).toString('hex'));
      expect(h.lastPosition).toBe(positions[h.treeSize - 1]);
      expect(h.lastRecordedAt).toBe(recordedAt[h.treeSize - 1]);
      const { treeSize, rootHash: root, lastPosition, lastRecordedAt, stampRoot, signedAt } = h;
      const key = createPublicKey({ key: Buffer.from(h.publicKey, 'base64'), format: 'der', type: 'spki' });
      expect(verify(null, Buffer.from(canonicalJson({ treeSize, rootHash: root, lastPosition, lastRecordedAt, stampRoot, signedAt })), key, Buffer.from(h.signature, 'base64'))).toBe(true);
    }
  });

  it('answers every root, inclusion path and consistency proof as the tree over the whole log does, reading only stored chunks and the tail', async () => {
    await append(s.events, 0, 23);
    const indexer = indexerOn(s);
    await indexer.start();
    await caughtUp(indexer, s.events);
    const { leaves, positions, recordedAt, stamps } = await leavesOf(s.events);
    const tree = await new MerkleLogReader(s.events, s.merkle, CHUNK).snapshot();
    expect(tree.size).toBe(23);
    expect(tree.stampRoot()).toEqual(rootHash(stamps));
    for (let n = 1; n <= 23; n++) {
      const root = await tree.root(n);
      expect(root).toEqual(rootHash(leaves, n));
      expect(await tree.lastEventAt(n)).toEqual({ position: positions[n - 1], recordedAt: recordedAt[n - 1] });
      for (let m = 1; m <= n; m++) {
        expect(await tree.consistencyPath(m, n)).toEqual(consistencyProof(leaves, m, n));
        expect(await tree.stampConsistency(m, n)).toEqual({ fromRoot: rootHash(stamps, m), toRoot: rootHash(stamps, n), proof: consistencyProof(stamps, m, n) });
      }
      for (let i = 0; i < n; i++) {
        const leaf = await tree.leafAt(positions[i]);
        expect(leaf?.leafIndex).toBe(i);
        expect(verifyInclusion(leafHash(leaf!.eventHash), i, n, await tree.inclusionPath(i, n), root)).toBe(true);
        const stamp = await tree.stampInclusion(i, n);
        expect(stamp?.root).toEqual(rootHash(stamps, n));
        expect(verifyInclusion(leafHash(stampOf(leaf!.event)), i, n, stamp!.path, stamp!.root)).toBe(true);
      }
    }
    expect(await tree.leafAt(999)).toBeUndefined();
    await indexer.stop();
  });

  it('given a restart in the middle of a chunk, then it carries on from the stored chunks and ends where an uninterrupted run ends', async () => {
    await append(s.events, 0, 10);
    const first = indexerOn(s);
    await first.start();
    await caughtUp(first, s.events);
    await first.stop();
    await append(s.events, 10, 13);
    const second = indexerOn(s);
    await second.start();
    await caughtUp(second, s.events);
    await second.stop();

    const fresh = new SqliteReadStore({ file: join(s.dir, 'fresh.db') });
    const uninterrupted = indexerOn(s, fresh);
    await uninterrupted.start();
    await caughtUp(uninterrupted, s.events);
    await uninterrupted.stop();
    expect(await loadChunks(s.merkle, 0)).toEqual(await loadChunks(fresh, 0));
    expect(await loadChunks(s.merkle, 0, {}, STAMP_CHUNKS)).toEqual(await loadChunks(fresh, 0, {}, STAMP_CHUNKS));
    const sizes = async (store: ReadStore) => (await store.find<TreeHeadDocument>(TREE_HEADS, {})).map((h) => [h.doc.treeSize, h.doc.rootHash, h.doc.stampRoot]);
    expect(await sizes(s.merkle)).toEqual(await sizes(fresh));
    await fresh.close();
  });

  it('given the store failing once, then the retried batch pushes no leaf twice', async () => {
    await append(s.events, 0, 23);
    let failures = 1;
    const flaky = Object.create(s.merkle) as ReadStore;
    flaky.apply = async (...args) => {
      if (failures-- > 0) throw new Error('disk hiccup');
      return s.merkle.apply(...args);
    };
    const indexer = indexerOn(s, flaky);
    await indexer.start();
    await caughtUp(indexer, s.events);
    await indexer.stop();
    const { leaves, stamps } = await leavesOf(s.events);
    expect((await loadChunks(s.merkle, 0)).map((c) => c.hash)).toEqual([0, 1, 2, 3, 4].map((c) => rootHash(leaves.slice(c * CHUNK, (c + 1) * CHUNK)).toString('hex')));
    expect((await loadChunks(s.merkle, 0, {}, STAMP_CHUNKS)).map((c) => c.hash)).toEqual([0, 1, 2, 3, 4].map((c) => rootHash(stamps.slice(c * CHUNK, (c + 1) * CHUNK)).toString('hex')));
  });

  it('given heads on time too, then one is signed over what was indexed once the log grew, none while it is idle, and a restart signs none again', async () => {
    let timedApplies = 0;
    const counting = Object.create(s.merkle) as ReadStore;
    counting.apply = async (projection, ...rest) => {
      // The first timed head cannot be stored: it is signed again at the next tick.
      if (projection === MERKLE_LOG_TIMED_HEADS && timedApplies++ === 0) throw new Error('disk hiccup');
      return s.merkle.apply(projection, ...rest);
    };
    const timed = (store: ReadStore) => new MerkleIndexer(s.events, store, signer, { treeHeadEvery: EVERY, chunkSize: CHUNK, treeHeadAfterMs: 20 });
    const heads = async () => (await s.merkle.find<TreeHeadDocument>(TREE_HEADS, {})).map((h) => h.doc);
    const headsOf = async (sizes: number[]) => {
      for (let i = 0; i < 200 && (await heads()).length < sizes.length; i++) await sleep(10);
      expect((await heads()).map((h) => h.treeSize)).toEqual(sizes);
    };

    await append(s.events, 0, 3);
    const first = timed(counting);
    await first.start();
    await headsOf([3]);
    await sleep(100);
    await headsOf([3]);
    // One commit, so that no tick falls between its events.
    await s.events.append('unit-x', [3, 4, 5, 6].map((n) => ({ type: 'UnitRenamed', data: { unitId: 'unit-x', name: `name ${n}` }, metadata: meta(n) })), { expectedRevision: 'no_stream' });
    await headsOf([3, 5, 7]); // 5 by count, 7 on time
    await first.stop();
    const second = timed(s.merkle);
    await second.start();
    await caughtUp(second, s.events);
    await sleep(100);
    await second.stop();
    await headsOf([3, 5, 7]);

    const { leaves, positions, recordedAt } = await leavesOf(s.events);
    for (const h of await heads()) {
      expect(h).toMatchObject({ rootHash: rootHash(leaves, h.treeSize).toString('hex'), lastPosition: positions[h.treeSize - 1], lastRecordedAt: recordedAt[h.treeSize - 1] });
      expect(signatureHolds(h)).toBe(true);
    }
    expect(checkSignedHeads(await heads(), { positions, recordedAt: recordedAt.map((r) => Date.parse(r)) })).toMatchObject({ heads: 3, pinningRecordTime: 3, matchesLog: true });
    expect(timedApplies).toBe(3);
  });

  it('given heads on time and an idle spell, then the first event after it signs the head the spell began with again, with the instant the log was seen idle through — across a restart too', async () => {
    // Ticks ask the log where it ends now: counted, so that the test knows when one has seen the log idle.
    let asked = 0;
    const counted = Object.create(s.events) as EventStore;
    counted.positionAt = async (...args) => {
      asked++;
      return s.events.positionAt(...args);
    };
    const timed = () => new MerkleIndexer(counted, s.merkle, signer, { treeHeadEvery: 1_000, chunkSize: CHUNK, treeHeadAfterMs: 20 });
    const heads = async () => (await s.merkle.find<TreeHeadDocument>(TREE_HEADS, {})).map((h) => h.doc);
    const headUntil = async (ready: (h: TreeHeadDocument[]) => boolean) => {
      for (let i = 0; i < 200 && !ready(await heads()); i++) await sleep(10);
      expect(ready(await heads())).toBe(true);
      return heads();
    };
    // 8 events: two whole chunks, so that a restart has no tail to push again and starts from the stored chunks' end.
    await append(s.events, 0, 8);
    let indexer = timed();
    await indexer.start();
    await headUntil((h) => h.at(-1)?.treeSize === 8);
    expect((await heads())[0].recordedThrough).toBeDefined(); // signed on time, caught up
    await indexer.stop();
    indexer = timed();
    await indexer.start();
    // Idle ticks: the second asks only once the first is done (they take turns), so the log has been seen idle through
    // an instant no earlier than this one (a tick takes the millisecond before it asks).
    const idleBefore = new Date(Date.now() - 1).toISOString();
    asked = 0;
    for (let i = 0; i < 400 && asked < 2; i++) await sleep(10);
    expect(asked).toBeGreaterThanOrEqual(2);
    // One commit, so that no tick falls between its events: the head on time ends on the second.
    await s.events.append('unit-x', [8, 9].map((n) => ({ type: 'UnitRenamed', data: { unitId: 'unit-x', name: `name ${n}` }, metadata: meta(n) })), { expectedRevision: 'no_stream' });
    const [spell, after] = await headUntil((h) => h.length === 2 && h[0].recordedThrough! >= idleBefore);
    await indexer.stop();

    const { positions, recordedAt } = await leavesOf(s.events);
    expect(spell).toMatchObject({ treeSize: 8, lastPosition: positions[7], lastRecordedAt: recordedAt[7] });
    expect(spell.recordedThrough! >= recordedAt[7] && spell.recordedThrough! < recordedAt[8]).toBe(true);
    expect(signatureHolds(spell)).toBe(true);
    expect(after).toMatchObject({ treeSize: 10, lastRecordedAt: recordedAt[9] });
    const places = { positions, recordedAt: recordedAt.map((r) => Date.parse(r)) };
    expect(checkSignedHeads([spell, after], places)).toMatchObject({ matchesLog: true });
    // The 9th event moved back into the spell, to the 8th's time: the order of record times holds, the head does not.
    const backdated = [...places.recordedAt];
    backdated[8] = places.recordedAt[7];
    expect(checkSignedHeads([spell, after], { positions, recordedAt: backdated }).firstMismatch).toMatchObject({ treeSize: 8, detail: expect.stringContaining('a record time was backdated') });
  });

  it('given appends that may be in flight a minute after they were stamped, then no head claims the log idle through an instant within that minute', async () => {
    const indexer = new MerkleIndexer(s.events, s.merkle, signer, { treeHeadEvery: 1_000, chunkSize: CHUNK, treeHeadAfterMs: 20, appendsInFlightMs: 60_000 });
    await append(s.events, 0, 3);
    await indexer.start();
    await sleep(100); // a head on time, then idle ticks
    await append(s.events, 3, 1);
    await caughtUp(indexer, s.events);
    await sleep(100);
    await indexer.stop();
    const heads = (await s.merkle.find<TreeHeadDocument>(TREE_HEADS, {})).map((h) => h.doc);
    expect(heads.map((h) => [h.treeSize, h.recordedThrough])).toEqual([
      [3, undefined],
      [4, undefined],
    ]);
  });

  describe('given the log altered behind the store’s back', () => {
    const tamper = (dir: string, sql: string, ...params: unknown[]) => {
      const db = new Database(join(dir, 'events.db'));
      db.prepare(sql).run(...params);
      db.close();
    };

    beforeEach(async () => {
      await append(s.events, 0, 23);
      const indexer = indexerOn(s);
      await indexer.start();
      await caughtUp(indexer, s.events);
      await indexer.stop();
    });

    it('when an indexed event is rewritten, then its proof is refused saying which positions, and the index check locates the chunk', async () => {
      const { positions } = await leavesOf(s.events);
      tamper(s.dir, `UPDATE events SET metadata = json_set(metadata, '$.hash', ?) WHERE position = ?`, 'ab'.repeat(32), positions[6]);
      const tree = await new MerkleLogReader(s.events, s.merkle, CHUNK).snapshot();
      await expect(tree.inclusionPath(6, 23)).rejects.toThrow(new RegExp(`positions ${positions[4]}\\.\\.${positions[7]} \\(Merkle chunk 1\\)`));
      const { leaves, positions: now } = await leavesOf(s.events);
      expect(checkIndexAgainstLog(await loadChunks(s.merkle, 0), leaves, now, CHUNK)).toMatchObject({ matchesLog: false, firstMismatch: { chunk: 1, firstPosition: positions[4], lastPosition: positions[7] } });
    });

    it('when an indexed event is retimed by a millisecond, then its stamp proof is refused saying which positions, its event proof not', async () => {
      const { positions, recordedAt } = await leavesOf(s.events);
      tamper(s.dir, `UPDATE events SET recorded_at = ? WHERE position = ?`, new Date(Date.parse(recordedAt[6]) - 1).toISOString(), positions[6]);
      const tree = await new MerkleLogReader(s.events, s.merkle, CHUNK).snapshot();
      expect(await tree.inclusionPath(6, 23)).toHaveLength(5);
      await expect(tree.stampInclusion(6, 23)).rejects.toThrow(new RegExp(`positions ${positions[4]}\\.\\.${positions[7]} \\(Merkle chunk 1\\) no longer carry the ids, positions and record times`));
    });

    it('when the tail is cut back below the last indexed chunk, then no tree head is served from the index', async () => {
      const { positions } = await leavesOf(s.events);
      tamper(s.dir, 'DELETE FROM events WHERE position >= ?', positions[18]);
      await expect(new MerkleLogReader(s.events, s.merkle, CHUNK).snapshot()).rejects.toThrow(LogDivergedError);
    });
  });
});
