import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { eventHash } from '@duty-ledger/event-store/hash-chain';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { TEST_KEYS, type Role } from '../support/http';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { tamperWith } from '../support/tamper';
import { startTestApp, type TestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** `cli verify --server`: an auditor's machine checks a running server, trusting nothing it says. */
describe('cli verify --server', () => {
  let t: TestApp;
  const files = mkdtempSync(join(tmpdir(), 'dl-verify-server-'));

  beforeAll(async () => {
    ensureBuilt();
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '100' });
    await seed(t.app, UNIVERSITY);
    // Past the first stored Merkle chunk (256 events), so the server answers from its index, and past a head signed
    // after it (300), so that it covers events in no stored chunk yet.
    for (let i = 0; i < 150 || (await t.http.eventCount()) < 310; i++) expect((await t.http.post('/v1/people', { personId: `extra-${i}`, name: `人员${i}` })).status).toBe(201);
    for (let i = 0; i < 400 && (await t.http.get('/v1/integrity/tree-heads?limit=1000')).body.items.at(-1)?.treeSize !== 300; i++) await new Promise((r) => setTimeout(r, 25));
  }, 120_000);
  afterAll(() => t.close());

  /** The CLI in its own process (asynchronously: the server answering it runs in this one). */
  async function verify(role: Role | null, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const token = role ? ['--token', TEST_KEYS[role]] : [];
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'verify', '--server', t.http.baseUrl, ...token, ...args], { encoding: 'utf8' });
      return { code: 0, out: stdout, err: stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout, err: e.stderr };
    }
  }

  const tamper = (sql: string) => tamperWith(t.dataDir, sql);

  it('when the server is honest, then it verifies for a reader who sees commitments and for one who sees confidential values, and saves the head', async () => {
    const saved = join(files, 'first.json');
    const inspector = await verify('inspector', '--save-tree-head', saved);
    expect(inspector).toMatchObject({ code: 0 });
    expect(inspector.out).toMatch(/hash to the root it signed, and their stamps to the stamp root it signed/);
    expect(inspector.out).toMatch(/16 inclusion proofs from the server verify/);
    expect(inspector.out).toMatch(/ok: the 3 tree heads the server signed verify with key \S+ and end where the log's events are \(3 of them pinning that event's record time too, 0 the instant until which the log recorded nothing after it, 3 every event's id, position and record time\)/);
    expect(inspector.out).toMatch(/verified\n$/);
    const head = JSON.parse(readFileSync(saved, 'utf8'));
    expect(head).toMatchObject({ treeSize: expect.any(Number), rootHash: expect.stringMatching(/^[0-9a-f]{64}$/), lastRecordedAt: expect.any(String), signature: expect.any(String) });
    expect(head.treeSize).toBeGreaterThan(256); // past the first stored Merkle chunk

    const discipline = JSON.parse((await verify('discipline', '--json')).out);
    expect(discipline).toMatchObject({ ok: true, treeSize: head.treeSize, rootHash: head.rootHash, chain: { ok: true } });
  });

  it('when the log has grown since a saved head, then the saved head is proven a prefix, here and by the server’s own proof', async () => {
    const saved = join(files, 'before-growth.json');
    expect((await verify('inspector', '--save-tree-head', saved)).code).toBe(0);
    expect((await t.http.post('/v1/people', { personId: 'later', name: '后来者' })).status).toBe(201);
    const run = await verify('inspector', '--tree-head', saved);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/ok: the log \(\d+ events\) extends it/);
    expect(run.out).toMatch(/the server's consistency proof from \d+ to \d+ events verifies, in the stamp tree too/);
  });

  it('when the server signs with another key than the one the auditor trusts, then exit 1', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const run = await verify('inspector', '--public-key', other);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/not the key you trust/);
  });

  it('when the token is missing or the server unreachable, then exit 2 saying why', async () => {
    expect(await verify(null)).toMatchObject({ code: 2, err: expect.stringMatching(/refused the token \(401\)/) });
    const { code, err } = await promisify(execFile)(process.execPath, [CLI, 'verify', '--server', 'http://127.0.0.1:9'], { encoding: 'utf8' }).then(
      () => ({ code: 0, err: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, err: e.stderr }),
    );
    expect({ code, err }).toMatchObject({ code: 2, err: expect.stringMatching(/cannot reach/) });
  });

  // Last: these alter the log behind the server's back.
  it('when the tail is truncated, then a saved head shows it: exit 1', async () => {
    const saved = join(files, 'before-truncation.json');
    expect((await verify('inspector', '--save-tree-head', saved)).code).toBe(0);
    tamper(`DELETE FROM events WHERE position = (SELECT MAX(position) FROM events)`);
    const run = await verify('inspector', '--tree-head', saved);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/TAMPERED: the log holds \d+ events, fewer than the \d+ of the saved tree head/);
  });

  it('when a stored event is altered behind the server, then exit 1 naming stream, revision and position', async () => {
    expect((await verify('inspector')).code).toBe(0);
    tamper(`UPDATE events SET data = replace(data, '"name":"人员100"', '"name":"冒名者"') WHERE stream_id = 'person-extra-100'`);
    const run = await verify('inspector', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out).chain.brokenAt).toMatchObject({ streamId: 'person-extra-100', revision: 0, reason: 'hash-mismatch' });
    tamper(`UPDATE events SET data = replace(data, '"name":"冒名者"', '"name":"人员100"') WHERE stream_id = 'person-extra-100'`);
  });

  it('when the record times of the log’s first events are moved back, their order kept, then every chain holds, but the saved head and the heads the server signed show it: exit 1', async () => {
    const saved = join(files, 'before-backdating.json');
    expect((await verify('inspector', '--save-tree-head', saved)).code).toBe(0);
    const { lastPosition } = JSON.parse(readFileSync(saved, 'utf8'));
    tamper(`CREATE TABLE kept_times AS SELECT position, recorded_at FROM events; UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z' WHERE position <= ${lastPosition}`);
    const run = await verify('inspector', '--tree-head', saved, '--json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.out);
    expect(out.chain.ok).toBe(true);
    expect(out.treeHead).toMatchObject({ consistent: false, problem: expect.stringMatching(/the log now says 2000-01-01T00:00:00.000Z: a record time was rewritten/) });
    expect(out.findings).toContainEqual({ ok: false, text: expect.stringMatching(/^the tree head the server signed at size 100 .*a record time was rewritten/) });
    tamper(`UPDATE events SET recorded_at = (SELECT recorded_at FROM kept_times WHERE kept_times.position = events.position); DROP TABLE kept_times`);
    expect((await verify('inspector', '--tree-head', saved)).code).toBe(0);
  });

  it('when events are retimed, their order kept, so that every chain and every head’s pins still hold, then the server’s stored stamp chunk and its latest signed head show it: exit 1', async () => {
    const latest: number = (await t.http.get('/v1/integrity/tree-heads?limit=1000')).body.items.at(-1).treeSize;
    expect(latest).toBe(300);
    expect((await verify('inspector')).code).toBe(0);
    const events: { position: number }[] = (await t.http.get('/v1/events?limit=1000')).body.events;
    // The first event from `from` on that began a commit, back to the record time of the one before it: the order of
    // record times holds, and no head ends there, so no chain or pin can tell.
    const retime = (from: number) => {
      const db = new Database(join(t.dataDir, 'events.db'));
      try {
        const at = db.prepare<[number], string>('SELECT recorded_at FROM events WHERE position = ?').pluck();
        let i = from;
        while (at.get(events[i].position) === at.get(events[i - 1].position)) i++;
        expect(i % 100).not.toBe(99);
        db.exec('CREATE TABLE kept_times AS SELECT position, recorded_at FROM events');
        db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(at.get(events[i - 1].position), events[i].position);
      } finally {
        db.close();
      }
    };
    const restore = () => tamper(`UPDATE events SET recorded_at = (SELECT recorded_at FROM kept_times WHERE kept_times.position = events.position); DROP TABLE kept_times`);
    const restamped = /the log's first \d+ events no longer carry the ids, positions and record times it signed .*: an event was renumbered, retimed or given another id/;

    retime(101); // in the first stored chunk: the server's fresh head is signed over the stamps stored for it
    let out = JSON.parse((await verify('inspector', '--json')).out);
    expect(out).toMatchObject({ ok: false, chain: { ok: true } });
    expect(out.findings).toContainEqual({ ok: false, text: expect.stringMatching(new RegExp(`^the server's tree head does not match the events it serves: ${restamped.source}`)) });
    restore();

    retime(270); // after the last stored chunk, under the latest signed head: only that head's stamp root holds it
    out = JSON.parse((await verify('inspector', '--json')).out);
    expect(out).toMatchObject({ ok: false, chain: { ok: true } });
    expect(out.findings).toContainEqual({ ok: false, text: expect.stringMatching(new RegExp(`^the latest tree head the server signed \\(size ${latest}, .*: ${restamped.source}`)) });
    restore();
    expect((await verify('inspector')).code).toBe(0);
  });

  it('when an event is rewritten with its hash recomputed, so that every chain still verifies, then the saved head and the server’s own index catch it: exit 1', async () => {
    const saved = join(files, 'before-forgery.json');
    expect((await verify('inspector', '--save-tree-head', saved)).code).toBe(0);
    const db = new Database(join(t.dataDir, 'events.db'));
    try {
      const row = db.prepare(`SELECT * FROM events WHERE stream_id = 'person-extra-7'`).get() as { position: number; type: string; data: string; metadata: string };
      const data = { ...JSON.parse(row.data), name: '伪造者' };
      const { hash: _old, ...rest } = JSON.parse(row.metadata);
      const hash = eventHash(CONFIDENTIAL_FIELDS, { streamId: 'person-extra-7', revision: 0, type: row.type, data, metadata: rest });
      db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify(data), JSON.stringify({ ...rest, hash }), row.position);
    } finally {
      db.close();
    }
    const run = await verify('inspector', '--tree-head', saved, '--json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.out);
    expect(out.chain.ok).toBe(true);
    expect(out.treeHead).toMatchObject({ consistent: false, problem: expect.stringMatching(/no longer hash to the saved root/) });
    // The server signs from the chunk hashes it stored when the events were written, not from the rewritten log.
    expect(out.findings).toContainEqual({ ok: false, text: expect.stringMatching(/events the server serves hash to [0-9a-f]{64}, not to the root it signed/) });
  });
});
