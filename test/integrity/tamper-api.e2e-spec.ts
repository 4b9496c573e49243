import Database from 'better-sqlite3';
import { join } from 'node:path';
import { tamperWith } from '../support/tamper';
import { startTestApp, type TestApp } from '../support/test-app';

/** Tampering with the stored log under a running server: GET /v1/integrity finds it and says where. */
describe('tampering seen through the API', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp();
    for (let i = 0; i < 4; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    expect((await t.http.post('/v1/units', { unitId: 'c', name: 'C', kind: 'party-committee', effectiveFrom: '2018-01-01' })).status).toBe(201);
    expect((await t.http.post('/v1/units/c/rename', { name: 'C2', effectiveFrom: '2019-01-01' })).status).toBe(201);
    expect((await t.http.post('/v1/units/c/rename', { name: 'C3', effectiveFrom: '2020-01-01' })).status).toBe(201);
  });
  afterEach(() => t.close());

  const tamper = (sql: string) => tamperWith(t.dataDir, sql);
  const integrity = async () => (await t.http.get('/v1/integrity', { role: 'inspector' })).body;

  it('when nothing was touched, then the log verifies', async () => {
    expect(await integrity()).toMatchObject({ ok: true, events: 7 });
  });

  it('when one byte of an event’s data is altered, then the event is named: stream, revision, position', async () => {
    tamper(`UPDATE events SET data = replace(data, 'C2', 'X2') WHERE stream_id = 'unit-c' AND revision = 1`);
    expect((await integrity()).brokenAt).toMatchObject({ streamId: 'unit-c', revision: 1, reason: 'hash-mismatch' });
  });

  it('when an event is deleted, then the gap in its stream is named', async () => {
    tamper(`DELETE FROM events WHERE stream_id = 'unit-c' AND revision = 1`);
    expect((await integrity()).brokenAt).toMatchObject({ streamId: 'unit-c', revision: 2, reason: 'revision-gap' });
  });

  it('when two events of a stream are swapped, then the disorder is named', async () => {
    tamper(`UPDATE events SET revision = -1 WHERE stream_id = 'unit-c' AND revision = 1;
            UPDATE events SET revision = 1 WHERE stream_id = 'unit-c' AND revision = 2;
            UPDATE events SET revision = 2 WHERE stream_id = 'unit-c' AND revision = -1;`);
    expect((await integrity()).brokenAt).toMatchObject({ streamId: 'unit-c', reason: expect.stringMatching(/revision|hash/) });
  });

  it('when the tail is truncated, then a tree head saved before proves it: the log no longer extends it', async () => {
    const saved = (await t.http.get('/v1/integrity/tree-head', { role: 'inspector' })).body;
    tamper(`DELETE FROM events WHERE position = (SELECT MAX(position) FROM events)`);
    const now = (await t.http.get('/v1/integrity/tree-head', { role: 'inspector' })).body;
    expect(now.treeSize).toBe(saved.treeSize - 1);
    expect((await t.http.get(`/v1/integrity/consistency?from=${saved.treeSize}&to=${now.treeSize}`, { role: 'inspector' })).status).toBe(400);
  });
});

describe('tampering seen through the heads the server signed (INTEGRITY_TREE_HEAD_EVERY=3)', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('when the last event a signed head covers is moved to another position, then the head no longer matches the log: its lastPosition is signed', async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '3' });
    for (let i = 0; i < 4; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    const positions: number[] = (await t.http.get('/v1/events')).body.events.map((e: { position: number }) => e.position);
    for (let i = 0; i < 200 && (await t.http.get('/v1/integrity/tree-heads')).body.items.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: true, latestSignedHead: { treeSize: 3, lastPosition: positions[2], matchesLog: true } });
    // The log's order and every leaf stay as they were: only the positions change (the next event moved out of the way).
    tamperWith(t.dataDir, `UPDATE events SET position = ${positions[3] + 1000} WHERE position = ${positions[3]}; UPDATE events SET position = ${positions[2] + 500} WHERE position = ${positions[2]}`);
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: false, latestSignedHead: { treeSize: 3, matchesLog: false } });
  });

  it('when an event a signed head covers is retimed, order kept and the head’s end untouched, then no chain and no pin can tell, but the head’s stamp root does', async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '3' });
    for (let i = 0; i < 4; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    const events: { position: number; recordedAt: string }[] = (await t.http.get('/v1/events')).body.events;
    for (let i = 0; i < 200 && (await t.http.get('/v1/integrity/tree-heads')).body.items.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: true, stampIndex: { matchesLog: true }, latestSignedHead: { treeSize: 3, stampRoot: expect.stringMatching(/^[0-9a-f]{64}$/), matchesLog: true }, signedHeads: { pinningStamps: 1 } });
    // The first event a millisecond earlier: the order holds, and no head ends on it.
    tamperWith(t.dataDir, `UPDATE events SET recorded_at = '${new Date(Date.parse(events[0].recordedAt) - 1).toISOString()}' WHERE position = ${events[0].position}`);
    const body = (await t.http.get('/v1/integrity')).body;
    expect(body).toMatchObject({ ok: false, merkleIndex: { matchesLog: true }, signedHeads: { matchesLog: true }, latestSignedHead: { treeSize: 3, matchesLog: false, signatureHolds: true } });
    expect(body.brokenAt).toBeUndefined();
  });

  it('when the record times before a signed head’s end are moved back, order kept, then no chain can tell but the head’s signed lastRecordedAt does', async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '3' });
    for (let i = 0; i < 4; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    const events: { position: number; recordedAt: string }[] = (await t.http.get('/v1/events')).body.events;
    for (let i = 0; i < 200 && (await t.http.get('/v1/integrity/tree-heads')).body.items.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await t.http.get('/v1/integrity/tree-heads')).body.items[0]).toMatchObject({ treeSize: 3, lastPosition: events[2].position, lastRecordedAt: events[2].recordedAt });
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: true, signedHeads: { heads: 1, pinningRecordTime: 1, matchesLog: true } });
    tamperWith(t.dataDir, `UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z' WHERE position <= ${events[2].position}`);
    const body = (await t.http.get('/v1/integrity')).body;
    expect(body).toMatchObject({ ok: false, latestSignedHead: { treeSize: 3, matchesLog: false }, signedHeads: { matchesLog: false, firstMismatch: { treeSize: 3, lastPosition: events[2].position } } });
    expect(body.brokenAt).toBeUndefined();
    expect(body.signedHeads.firstMismatch.detail).toContain(`was recorded at ${events[2].recordedAt}, the log now says 2000-01-01T00:00:00.000Z`);
  });

  it('when the first event after an idle spell is backdated into the spell, order kept, then the head signed again with the instant the log was idle through shows it', async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '1000', INTEGRITY_TREE_HEAD_SECONDS: '1' });
    for (let i = 0; i < 3; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    const heads = async () => (await t.http.get('/v1/integrity/tree-heads')).body.items as Array<{ treeSize: number; lastRecordedAt: string; recordedThrough?: string }>;
    const until = async (done: (items: Awaited<ReturnType<typeof heads>>) => boolean) => {
      for (let i = 0; i < 400; i++) {
        const items = await heads();
        if (done(items)) return items;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`heads: ${JSON.stringify(await heads())}`);
    };
    await until((items) => items.at(-1)?.treeSize === 3);
    await new Promise((r) => setTimeout(r, 2_200)); // a tick (or two) that finds the log idle
    // Two events in a row: the next head on time ends on the second, pinning its record time, not the first's.
    for (let i = 3; i < 5; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    const items = await until((all) => all.at(-1)?.treeSize === 5);
    // (A tick between the two commands would have signed one at 4 as well.)
    const [spell, after] = [items[0], items.at(-1)!];
    const events: { position: number; recordedAt: string }[] = (await t.http.get('/v1/events')).body.events;
    expect(spell.treeSize).toBe(3);
    expect(spell.recordedThrough! > events[2].recordedAt && spell.recordedThrough! < events[3].recordedAt).toBe(true);
    expect(after).toMatchObject({ treeSize: 5, lastRecordedAt: events[4].recordedAt });
    const verified = (await t.http.get('/v1/integrity')).body;
    expect(verified).toMatchObject({ ok: true, signedHeads: { heads: items.length, matchesLog: true } });
    expect(verified.signedHeads.pinningIdleThrough).toBeGreaterThanOrEqual(1);
    // As of the spell's end, the head as signed again; as of before it, as first signed (what it adds is about the next event).
    const latestAsOf = async (position: number) => (await t.http.get(`/v1/integrity?asOfPosition=${position}`)).body.latestSignedHead;
    expect(await latestAsOf(events[3].position)).toMatchObject({ treeSize: 3, recordedThrough: spell.recordedThrough, matchesLog: true });
    const first = await latestAsOf(events[2].position);
    expect(first).toMatchObject({ treeSize: 3, matchesLog: true });
    expect(first.recordedThrough === undefined || first.recordedThrough < spell.recordedThrough!).toBe(true);

    const backdated = new Date(Date.parse(events[2].recordedAt) + 1).toISOString();
    tamperWith(t.dataDir, `UPDATE events SET recorded_at = '${backdated}' WHERE position = ${events[3].position}`);
    const body = (await t.http.get('/v1/integrity')).body;
    expect(body).toMatchObject({ ok: false, signedHeads: { matchesLog: false, firstMismatch: { treeSize: 3 } } });
    expect(body.brokenAt).toBeUndefined(); // the record times still go forward along the log
    expect(body.signedHeads.firstMismatch.detail).toContain(`through ${spell.recordedThrough}, yet the next event (position ${events[3].position}) now says it was recorded at ${backdated}`);
  });

  it('when one event’s record time is set before the event ahead of it, then that event is named', async () => {
    t = await startTestApp();
    for (let i = 0; i < 4; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    const events: { position: number; streamId: string }[] = (await t.http.get('/v1/events')).body.events;
    tamperWith(t.dataDir, `UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z' WHERE position = ${events[2].position}`);
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({
      ok: false,
      verifiedThroughPosition: events[1].position,
      brokenAt: { streamId: events[2].streamId, position: events[2].position, reason: 'record-time-backwards', found: '2000-01-01T00:00:00.000Z' },
    });
  });

  it('when the head the server signed is altered in its Merkle log, then its signature no longer holds and the log does not verify', async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '3' });
    for (let i = 0; i < 3; i++) expect((await t.http.post('/v1/people', { personId: `p${i}`, name: `P${i}` })).status).toBe(201);
    for (let i = 0; i < 200 && (await t.http.get('/v1/integrity/tree-heads')).body.items.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: true, latestSignedHead: { treeSize: 3, matchesLog: true, signatureHolds: true } });
    const db = new Database(join(t.dataDir, 'merkle-log.db'));
    db.prepare(`UPDATE versions SET doc = json_set(doc, '$.signedAt', '2000-01-01T00:00:00.000Z') WHERE collection = 'tree-heads'`).run();
    db.close();
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: false, latestSignedHead: { treeSize: 3, matchesLog: true, signatureHolds: false } });
  });
});
