import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { leafDataOf } from '@duty-ledger/event-store/integrity/leaf-data';
import { rootHash } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { checkStampsAgainstLog } from './log-checks';
import { loadChunks } from './merkle-chunks';
import { MerkleIndexer } from './merkle-indexer';
import { chunkId, CHUNKS, MERKLE_COLLECTIONS, MERKLE_LOG, MERKLE_LOG_STAMPS, STAMP_CHUNKS, TREE_HEADS, treeHeadId, type TreeHeadDocument } from './merkle-log.documents';
import { MerkleLogReader } from './merkle-log.reader';
import { signatureHolds, TreeHeadSigner } from './tree-head-signer';

const CHUNK = 4;
const EVERY = 5;
const signer = new TreeHeadSigner(generateKeyPairSync('ed25519').privateKey);
const meta = (n: number) => ({ actor: { name: 'tester', role: 'admin' }, commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, schemaVersion: 1 });

/**
 * A Merkle log as a version before the stamp tree stored it, over the log's first events: the chunks of event hashes,
 * and a head every EVERY events signed without a stamp root; its checkpoint at the last event.
 */
async function indexedTheOldWay(events: RecordedEvent[], store: SqliteReadStore): Promise<void> {
  await store.defineCollections(MERKLE_COLLECTIONS);
  const leaves = events.map(leafDataOf);
  const batch = events.map((event, i) => {
    const n = i + 1;
    const changes = [];
    if (n % CHUNK === 0) {
      const doc = { chunk: n / CHUNK - 1, hash: rootHash(leaves.slice(n - CHUNK, n)).toString('hex'), firstPosition: events[n - CHUNK].position, lastPosition: event.position, lastEventHash: leaves[i].toString('hex'), treeSize: n };
      changes.push({ collection: CHUNKS, id: chunkId(doc.chunk), doc });
    }
    if (n % EVERY === 0) {
      const head = signer.sign({ treeSize: n, rootHash: rootHash(leaves, n).toString('hex'), lastPosition: event.position, lastRecordedAt: event.recordedAt, signedAt: event.recordedAt });
      changes.push({ collection: TREE_HEADS, id: treeHeadId(n), doc: { ...head } });
    }
    return { position: event.position, recordedAt: event.recordedAt, changes };
  });
  const last = events[events.length - 1];
  await store.apply(MERKLE_LOG, batch, { position: last.position, recordedAt: last.recordedAt });
}

describe('a Merkle log indexed before the stamp tree was kept', () => {
  let dir: string;
  let events: SqliteEventStore;
  let merkle: SqliteReadStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duty-ledger-stamps-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db') });
    merkle = new SqliteReadStore({ file: join(dir, 'merkle-log.db') });
    await append(0, 23);
    await indexedTheOldWay(await all(), merkle);
  });
  afterEach(async () => {
    await events.close();
    await merkle.close();
  });

  async function append(from: number, count: number): Promise<void> {
    for (let n = from; n < from + count; n++) await events.append(`unit-${n % 3}`, [{ type: 'UnitRenamed', data: { unitId: `unit-${n % 3}`, name: `name ${n}` }, metadata: meta(n) }], { expectedRevision: 'any' });
  }
  const all = () => events.readAll({ fromPosition: 0, limit: 10_000 });
  const heads = async () => (await merkle.find<TreeHeadDocument>(TREE_HEADS, {})).map((h) => h.doc);

  async function indexed(run: () => Promise<void> = async () => undefined): Promise<void> {
    const indexer = new MerkleIndexer(events, merkle, signer, { treeHeadEvery: EVERY, chunkSize: CHUNK });
    await indexer.start();
    await run();
    const head = await events.headPosition();
    for (let i = 0; i < 400 && indexer.indexedPosition() !== head; i++) await sleep(10);
    await indexer.stop();
  }

  it('when the indexer starts, then it stores each chunk’s stamps from the log, and the heads from then on sign the stamp root', async () => {
    await indexed(() => append(23, 7));
    const log = await all();
    const stamps = log.map(stampOf);
    const stampChunks = await loadChunks(merkle, 0, {}, STAMP_CHUNKS);
    expect(stampChunks.map((c) => c.chunk)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(checkStampsAgainstLog(stampChunks, stamps, log.map((e) => e.position), CHUNK)).toEqual({ indexedTreeSize: 28, matchesLog: true });
    const signed = await heads();
    expect(signed.map((h) => [h.treeSize, h.stampRoot === undefined])).toEqual([
      [5, true],
      [10, true],
      [15, true],
      [20, true],
      [25, false],
      [30, false],
    ]);
    for (const h of signed.slice(4)) {
      expect(h.stampRoot).toBe(rootHash(stamps, h.treeSize).toString('hex'));
      expect(signatureHolds(h)).toBe(true);
    }
    expect((await new MerkleLogReader(events, merkle, CHUNK).snapshot()).stampRoot()).toEqual(rootHash(stamps));
  });

  it('when it starts again, then nothing is computed twice', async () => {
    await indexed();
    const checkpoint = await merkle.checkpoint(MERKLE_LOG_STAMPS);
    const stored = await loadChunks(merkle, 0, {}, STAMP_CHUNKS);
    await indexed();
    expect(await merkle.checkpoint(MERKLE_LOG_STAMPS)).toEqual(checkpoint);
    expect(await loadChunks(merkle, 0, {}, STAMP_CHUNKS)).toEqual(stored);
    expect(checkpoint?.position).toBe(stored.at(-1)?.lastPosition);
  });

  it('given an indexed event altered since, then it stamps the chunks before it only, and signs no stamp root it cannot vouch for', async () => {
    const log = await all();
    const db = new Database(join(dir, 'events.db'));
    db.prepare(`UPDATE events SET recorded_at = ? WHERE position = ?`).run('2001-01-01T00:00:00.000Z', log[9].position); // chunk 2
    db.prepare(`UPDATE events SET metadata = json_set(metadata, '$.hash', ?) WHERE position = ?`).run('ab'.repeat(32), log[9].position);
    db.close();
    await indexed(() => append(23, 2));
    expect((await loadChunks(merkle, 0, {}, STAMP_CHUNKS)).map((c) => c.chunk)).toEqual([0, 1]);
    expect((await heads()).map((h) => [h.treeSize, h.stampRoot])).toEqual([
      [5, undefined],
      [10, undefined],
      [15, undefined],
      [20, undefined],
      [25, undefined],
    ]);
    expect((await new MerkleLogReader(events, merkle, CHUNK).snapshot()).stampRoot()).toBeUndefined();
  });
});
