import Database from 'better-sqlite3';
import { execSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';
import type { EventMetadata } from '@duty-ledger/event-store/event-store.port';
import { eventHash } from '@duty-ledger/event-store/hash-chain';
import { scanLog, verifyChain, type ChainReport } from '@duty-ledger/event-store/integrity/chain-verifier';
import { rootHash } from '@duty-ledger/event-store/integrity/merkle';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';

/**
 * An attacker with the database file: each tampering is made with better-sqlite3 behind the store's back, and both the
 * verifier and `cli verify` (the built CLI, in its own process) must find it and say where.
 */
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const SOURCES = ['apps/cli/src/main.ts', 'apps/cli/src/verify/verify-data-dir.ts', 'apps/cli/src/verify/tree-head-check.ts', 'apps/cli/src/verify/verification-report.ts', 'libs/event-store/src/integrity/chain-verifier.ts', 'libs/event-store/src/integrity/merkle.ts'];

/** Built once, as test/support/server-process.ts does; again when the CLI's sources are newer than the build. */
function ensureCliBuilt(): void {
  const stale = !existsSync(CLI) || SOURCES.some((s) => statSync(join(ROOT, s)).mtimeMs > statSync(CLI).mtimeMs);
  if (stale) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}

const STREAMS = ['unit-a', 'unit-b', 'accountability-1'];
const meta = (n: number) => ({ actor: { name: 'tester', role: 'admin' }, commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, schemaVersion: 1 });
const eventFor = (stream: string, revision: number, n: number) =>
  stream.startsWith('accountability')
    ? { type: 'AccountabilityApplied', data: { accountabilityId: '1', rationale: `理由 ${revision}`, measure: 'warning' }, metadata: meta(n) }
    : { type: 'UnitRenamed', data: { unitId: stream, name: `name ${revision}` }, metadata: meta(n) };

/**
 * 12 events, 4 per stream, interleaved: position p (1-based) is stream STREAMS[(p-1) % 3], revision floor((p-1) / 3).
 * unit-a: 1, 4, 7, 10; unit-b: 2, 5, 8, 11; accountability-1 (a confidential rationale): 3, 6, 9, 12.
 */
async function buildLog(rounds = 4, dir = mkdtempSync(join(tmpdir(), 'duty-ledger-tamper-'))): Promise<string> {
  const store = new SqliteEventStore({ file: join(dir, 'events.db'), confidentialFields: CONFIDENTIAL_FIELDS });
  let n = 0;
  for (let revision = 0; revision < rounds; revision++)
    for (const stream of STREAMS) await store.append(stream, [eventFor(stream, revision, n++)], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
  await store.close();
  return dir;
}

/** Opens the file as an attacker would: no store, no checks. */
function tamper(dir: string, change: (db: Database.Database) => void): void {
  const db = new Database(join(dir, 'events.db'));
  try {
    change(db);
  } finally {
    db.close();
  }
}

async function verifyDir(dir: string): Promise<ChainReport> {
  const store = new SqliteEventStore({ file: join(dir, 'events.db'), confidentialFields: CONFIDENTIAL_FIELDS });
  try {
    return await verifyChain(store, CONFIDENTIAL_FIELDS, { pageSize: 5 }); // small pages: breaks across page ends too
  } finally {
    await store.close();
  }
}

/**
 * A tree head as GET /v1/integrity/tree-head signs it, saved to a file; with `pinsRecordTime: false`, as versions before
 * heads carried `lastRecordedAt` signed it (four fields).
 */
async function saveTreeHead(dir: string, { pinsRecordTime = true } = {}): Promise<string> {
  const store = new SqliteEventStore({ file: join(dir, 'events.db'), confidentialFields: CONFIDENTIAL_FIELDS });
  const { leaves, positions } = await scanLog(store, CONFIDENTIAL_FIELDS);
  const [last] = await store.readAll({ fromPosition: positions.at(-1) ?? 0, limit: 1 });
  await store.close();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const lastPosition = positions.at(-1) ?? null;
  const head = pinsRecordTime
    ? { treeSize: leaves.length, rootHash: rootHash(leaves).toString('hex'), lastPosition, lastRecordedAt: last?.recordedAt ?? null, signedAt: new Date().toISOString() }
    : { treeSize: leaves.length, rootHash: rootHash(leaves).toString('hex'), lastPosition, signedAt: new Date().toISOString() };
  const file = join(dir, pinsRecordTime ? 'saved-head.json' : 'saved-head-without-record-time.json');
  const signature = sign(null, Buffer.from(canonicalJson(head)), privateKey).toString('base64');
  writeFileSync(file, JSON.stringify({ ...head, signature, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') }));
  return file;
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string; json?: any } {
  const run = spawnSync(process.execPath, [CLI, 'verify', ...args], { encoding: 'utf8', timeout: 60_000 });
  if (run.error || run.signal) throw new Error(`cli verify ${args.join(' ')}: ${run.error?.message ?? run.signal}\n${run.stderr}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json: args.includes('--json') ? JSON.parse(run.stdout) : undefined };
}

/** Tampering no chain can see: the chains verify, and cli verify finds the saved head (its signature intact) inconsistent. Says why. */
async function caughtByTheSavedHeadAlone(dir: string, head: string): Promise<string> {
  expect((await verifyDir(dir)).ok).toBe(true);
  const run = cli('--data-dir', dir, '--tree-head', head, '--json');
  expect(run.status).toBe(1);
  expect(run.json).toMatchObject({ ok: false, chain: { ok: true }, treeHead: { consistent: false, signature: 'valid' } });
  return run.json.treeHead.problem;
}

const row = (db: Database.Database, position: number) => db.prepare('SELECT * FROM events WHERE position = ?').get(position) as { data: string; metadata: string; stream_id: string; revision: number; type: string };

describe('tamper evidence: a log altered behind the store’s back is caught and located', () => {
  const dirs: string[] = [];
  const fresh = async () => {
    const dir = await buildLog();
    dirs.push(dir);
    return dir;
  };

  beforeAll(() => ensureCliBuilt(), 180_000);
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('when nothing was touched, then the verifier and cli verify (also against a saved head) report ok and exit 0', async () => {
    const dir = await fresh();
    expect(await verifyDir(dir)).toEqual({ ok: true, verifiedThroughPosition: 12, events: 12, streams: 3 });
    const head = await saveTreeHead(dir);
    const run = cli('--data-dir', dir, '--tree-head', head, '--json');
    expect(run.status).toBe(0);
    expect(run.json).toMatchObject({ ok: true, chain: { ok: true, events: 12 }, treeHead: { treeSize: 12, signature: 'valid', consistent: true } });
    expect(cli('--data-dir', dir).status).toBe(0);
    // A head saved from a version that signed four fields (no lastRecordedAt) still verifies.
    const older = cli('--data-dir', dir, '--tree-head', await saveTreeHead(dir, { pinsRecordTime: false }), '--json');
    expect(older.status).toBe(0);
    expect(older.json.treeHead).toMatchObject({ signature: 'valid', consistent: true });
  });

  it('when an event’s record time is set before the event ahead of it in the log, then that event is named (record-time-backwards) and cli verify exits 1', async () => {
    const dir = await fresh();
    tamper(dir, (db) => db.prepare("UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z' WHERE position = 5").run());
    expect(await verifyDir(dir)).toMatchObject({
      ok: false,
      verifiedThroughPosition: 4,
      brokenAt: { streamId: 'unit-b', revision: 1, position: 5, reason: 'record-time-backwards', found: '2000-01-01T00:00:00.000Z' },
    });
    const run = cli('--data-dir', dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('TAMPERED at stream unit-b revision 1 position 5 (record-time-backwards)');

    tamper(dir, (db) => db.prepare("UPDATE events SET recorded_at = 'last Tuesday' WHERE position = 5").run());
    expect(await verifyDir(dir)).toMatchObject({ ok: false, brokenAt: { position: 5, reason: 'malformed' } });
  });

  it('when every record time up to the saved head’s end is moved earlier, order kept, then no chain can tell, but the head’s signed lastRecordedAt does (exit 1)', async () => {
    const dir = await fresh();
    const head = await saveTreeHead(dir);
    tamper(dir, (db) => db.prepare("UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z'").run());
    expect(await caughtByTheSavedHeadAlone(dir, head)).toMatch(/the saved head's last event \(position 12\) was recorded at .*; the log now says 2000-01-01T00:00:00.000Z: a record time was rewritten/);
  });

  it('when one byte of an event’s data is altered, then the hash no longer matches at that event (unit-b revision 1, position 5)', async () => {
    const dir = await fresh();
    tamper(dir, (db) => {
      const { data } = row(db, 5);
      expect(data).toContain('"name 1"');
      db.prepare('UPDATE events SET data = ? WHERE position = 5').run(data.replace('"name 1"', '"name 9"'));
    });
    expect(await verifyDir(dir)).toMatchObject({
      ok: false,
      verifiedThroughPosition: 4,
      brokenAt: { streamId: 'unit-b', revision: 1, position: 5, reason: 'hash-mismatch' },
    });
    const run = cli('--data-dir', dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('TAMPERED at stream unit-b revision 1 position 5 (hash-mismatch)');
  });

  it('when a confidential value or the metadata is altered, then the commitment or metadata no longer hashes to the stored hash', async () => {
    const dir = await fresh();
    tamper(dir, (db) => {
      const { data } = row(db, 6); // accountability-1 revision 1: the rationale, hashed as its commitment
      db.prepare('UPDATE events SET data = ? WHERE position = 6').run(data.replace('理由 1', '理由 2'));
    });
    expect((await verifyDir(dir)).brokenAt).toMatchObject({ streamId: 'accountability-1', revision: 1, position: 6, reason: 'hash-mismatch' });

    const other = await fresh();
    tamper(other, (db) => {
      const { metadata } = row(db, 7);
      db.prepare('UPDATE events SET metadata = ? WHERE position = 7').run(metadata.replace('"tester"', '"someone else"'));
    });
    expect((await verifyDir(other)).brokenAt).toMatchObject({ streamId: 'unit-a', revision: 2, position: 7, reason: 'hash-mismatch' });
    expect(cli('--data-dir', other).status).toBe(1);
  });

  it('when data is altered and its hash forged to match, then the next event of the stream no longer links to it (unit-a revision 2, position 7)', async () => {
    const dir = await fresh();
    tamper(dir, (db) => {
      const r = row(db, 4); // unit-a revision 1
      const data = { ...JSON.parse(r.data), name: 'forged' };
      const { hash: _old, ...rest } = JSON.parse(r.metadata) as EventMetadata;
      const hash = eventHash(CONFIDENTIAL_FIELDS, { streamId: r.stream_id, revision: r.revision, type: r.type, data, metadata: rest });
      db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = 4').run(JSON.stringify(data), JSON.stringify({ ...rest, hash }));
    });
    expect(await verifyDir(dir)).toMatchObject({
      ok: false,
      verifiedThroughPosition: 6,
      brokenAt: { streamId: 'unit-a', revision: 2, position: 7, reason: 'prev-hash-mismatch' },
    });
    expect(cli('--data-dir', dir).stdout).toContain('stream unit-a revision 2 position 7 (prev-hash-mismatch)');
  });

  it('when one event is deleted, then its stream shows a revision gap at the next event (unit-a revision 2, position 7)', async () => {
    const dir = await fresh();
    tamper(dir, (db) => db.prepare('DELETE FROM events WHERE position = 4').run());
    expect(await verifyDir(dir)).toMatchObject({
      ok: false,
      verifiedThroughPosition: 6,
      events: 11,
      brokenAt: { streamId: 'unit-a', revision: 2, position: 7, reason: 'revision-gap', expected: 1, found: 2 },
    });
    const run = cli('--data-dir', dir, '--json');
    expect(run.status).toBe(1);
    expect(run.json.chain.brokenAt).toMatchObject({ streamId: 'unit-a', revision: 2, position: 7, reason: 'revision-gap' });
  });

  it('when the positions of two events of a stream are swapped, then the stream is out of order where the later one now stands (unit-a revision 2, position 4)', async () => {
    const dir = await fresh();
    tamper(dir, (db) => {
      db.prepare('UPDATE events SET position = -1 WHERE position = 4').run();
      db.prepare('UPDATE events SET position = 4 WHERE position = 7').run();
      db.prepare('UPDATE events SET position = 7 WHERE position = -1').run();
    });
    expect(await verifyDir(dir)).toMatchObject({
      ok: false,
      verifiedThroughPosition: 3,
      brokenAt: { streamId: 'unit-a', revision: 2, position: 4, reason: 'revision-out-of-order', expected: 1, found: 2 },
    });
    const run = cli('--data-dir', dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('stream unit-a revision 2 position 4 (revision-out-of-order)');
  });

  it('when the revisions of two events are swapped in place, then the first of them is located (unit-b revision 2, position 5)', async () => {
    const dir = await fresh();
    tamper(dir, (db) => {
      db.prepare('UPDATE events SET revision = -1 WHERE position = 5').run();
      db.prepare('UPDATE events SET revision = 1 WHERE position = 8').run();
      db.prepare('UPDATE events SET revision = 2 WHERE position = 5').run();
    });
    expect(await verifyDir(dir)).toMatchObject({
      ok: false,
      verifiedThroughPosition: 4,
      brokenAt: { streamId: 'unit-b', revision: 2, position: 5, reason: 'revision-out-of-order', expected: 1, found: 2 },
    });
    expect(cli('--data-dir', dir).status).toBe(1);
  });

  it('when the tail is truncated, then every chain still holds, but the saved tree head does not: consistency fails and cli verify exits 1', async () => {
    const dir = await fresh();
    const head = await saveTreeHead(dir);
    tamper(dir, (db) => db.prepare('DELETE FROM events WHERE position > 10').run());
    // What a chain alone cannot see: each stream merely ends earlier.
    expect(await verifyDir(dir)).toEqual({ ok: true, verifiedThroughPosition: 10, events: 10, streams: 3 });
    const run = cli('--data-dir', dir, '--tree-head', head);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('TAMPERED: the log holds 10 events, fewer than the 12 of the saved tree head');
    expect(run.stdout).toContain('the saved head ended at position 12, the log now ends at 10');
    expect(cli('--data-dir', dir, '--tree-head', head, '--json').json).toMatchObject({ ok: false, chain: { ok: true }, treeHead: { treeSize: 12, consistent: false } });
  });

  it('when the log grows after a saved head, then it extends it (exit 0); when a stream’s last event inside the head is then removed, then the prefix no longer matches (exit 1)', async () => {
    const dir = await fresh();
    const head = await saveTreeHead(dir);
    const store = new SqliteEventStore({ file: join(dir, 'events.db'), confidentialFields: CONFIDENTIAL_FIELDS });
    await store.append('unit-c', [eventFor('unit-c', 0, 100), eventFor('unit-c', 1, 101)], { expectedRevision: 'no_stream' });
    await store.close();
    const grown = cli('--data-dir', dir, '--tree-head', head, '--json');
    expect(grown.status).toBe(0);
    expect(grown.json).toMatchObject({ ok: true, treeSize: 14, treeHead: { treeSize: 12, consistent: true, signature: 'valid' } });
    expect(grown.json.treeHead.proofLength).toBeGreaterThan(0);

    tamper(dir, (db) => db.prepare('DELETE FROM events WHERE position = 12').run()); // accountability-1's last event, no longer the log's tail
    expect((await verifyDir(dir)).ok).toBe(true);
    const run = cli('--data-dir', dir, '--tree-head', head);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("the log's first 12 events (through position 13) no longer hash to the saved root");
  });

  it('when a stream’s last event is altered and its hash forged, then no chain can tell, but the saved head’s root does (exit 1)', async () => {
    const dir = await fresh();
    const head = await saveTreeHead(dir);
    tamper(dir, (db) => {
      const r = row(db, 10); // unit-a revision 3, the stream's last event: nothing links to its hash
      const data = { ...JSON.parse(r.data), name: 'rewritten' };
      const { hash: _old, ...rest } = JSON.parse(r.metadata) as EventMetadata;
      const hash = eventHash(CONFIDENTIAL_FIELDS, { streamId: r.stream_id, revision: r.revision, type: r.type, data, metadata: rest });
      db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = 10').run(JSON.stringify(data), JSON.stringify({ ...rest, hash }));
    });
    expect(await caughtByTheSavedHeadAlone(dir, head)).toContain('no longer hash to the saved root');
  });

  it('when the saved head’s last event is moved to another position, the log’s order and hashes unchanged, then its signed lastPosition shows it (exit 1)', async () => {
    const dir = await fresh();
    const head = await saveTreeHead(dir);
    tamper(dir, (db) => db.prepare('UPDATE events SET position = 40 WHERE position = 12').run());
    expect(await caughtByTheSavedHeadAlone(dir, head)).toContain("the saved head's last event (the log's event 12) was at position 12; it is now at position 40");
  });

  it('when the saved head itself is altered, then its signature fails (exit 1); when arguments or files are bad, then exit 2', async () => {
    const dir = await fresh();
    const head = await saveTreeHead(dir);
    const altered = join(dir, 'altered-head.json');
    const saved = JSON.parse(readFileSync(head, 'utf8'));
    writeFileSync(altered, JSON.stringify({ ...saved, signedAt: '2000-01-01T00:00:00.000Z' }));
    const run = cli('--data-dir', dir, '--tree-head', altered, '--json');
    expect(run.status).toBe(1);
    expect(run.json.treeHead).toMatchObject({ signature: 'invalid', consistent: true });

    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '{"treeSize": "many"}');
    expect(cli('--data-dir', dir, '--tree-head', garbage).status).toBe(2);
    const notAnInstant = join(dir, 'not-an-instant.json');
    writeFileSync(notAnInstant, JSON.stringify({ ...saved, recordedThrough: 'soon' }));
    expect(cli('--data-dir', dir, '--tree-head', notAnInstant)).toMatchObject({ status: 2, stderr: expect.stringContaining('recordedThrough must be an ISO-8601 instant') });
    const notARoot = join(dir, 'not-a-root.json');
    writeFileSync(notARoot, JSON.stringify({ ...saved, stampRoot: 'AB'.repeat(32) }));
    expect(cli('--data-dir', dir, '--tree-head', notARoot)).toMatchObject({ status: 2, stderr: expect.stringContaining('stampRoot must be 64 hex digits') });
    expect(cli('--data-dir', dir, '--tree-head', join(dir, 'missing.json')).status).toBe(2);
    expect(cli('--data-dir', join(dir, 'nowhere')).status).toBe(2);
    expect(cli('--no-such-option').status).toBe(2);
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0');
  });
});
