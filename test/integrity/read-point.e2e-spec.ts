import { tamperWith } from '../support/tamper';
import { itRefusesBadReadPoints } from '../support/read-point-refusals';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

interface FeedEvent {
  position: number;
  streamId: string;
  recordedAt: string;
}

/** GET /v1/integrity is a read like every other (API.md "Reads"): as of a point it verifies the log as it stood then. */
describe('GET /v1/integrity at a read point (INTEGRITY_TREE_HEAD_EVERY=3, past one Merkle chunk of 256 events)', () => {
  let t: TestApp;
  let log: FeedEvent[];

  beforeAll(async () => {
    t = await startTestApp({ INTEGRITY_TREE_HEAD_EVERY: '3' });
    let last = 0;
    for (let i = 0; i < 262; i++) {
      const reply = await t.http.post('/v1/people', { personId: `p${i}`, name: `人${i}` });
      expect(reply.status).toBe(201);
      last = reply.body.position;
    }
    expect((await t.http.get(`/v1/events?consistentWith=${last}`)).status).toBe(200);
    log = (await t.http.get('/v1/events?limit=1000')).body.events;
    const size = log.length;
    // The indexer signs heads and stores chunks behind the log: wait until it has caught up.
    await until(async () => {
      const { body } = await t.http.get('/v1/integrity');
      return body.latestSignedHead?.treeSize === size - (size % 3) && body.merkleIndex.indexedTreeSize === 256;
    });
  }, 60_000);
  afterAll(() => t.close());

  /** The root of the first `size` leaves, as the consistency proof from that size states it. */
  const rootOfFirst = async (size: number) => (await t.http.get(`/v1/integrity/consistency?from=${size}`)).body.fromRootHash as string;
  const streamsIn = (events: FeedEvent[]) => new Set(events.map((e) => e.streamId)).size;

  it('when read now, then meta names the head of the log it verified', async () => {
    const { status, body } = await t.http.get('/v1/integrity');
    expect(status).toBe(200);
    const head = log.at(-1)!;
    expect(body).toMatchObject({ ok: true, events: log.length, verifiedThroughPosition: head.position, treeHead: { lastPosition: head.position } });
    expect(body.meta).toEqual({ asOfPosition: head.position, asOfRecordedAt: head.recordedAt, projectedPosition: expect.any(Number) });
  });

  it.each([100, 258])('when asOfPosition is the %ith event’s, then the log as it stood then verifies: its events, streams, root, and the chunks and heads indexed by then', async (size) => {
    const point = log[size - 1];
    const { status, body } = await t.http.get(`/v1/integrity?asOfPosition=${point.position}`, { role: 'inspector' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      verifiedThroughPosition: point.position,
      events: size,
      streams: streamsIn(log.slice(0, size)),
      treeSize: size,
      rootHash: await rootOfFirst(size),
      treeHead: { treeSize: size, lastPosition: point.position },
      merkleIndex: { indexedTreeSize: size >= 256 ? 256 : 0, matchesLog: true },
      latestSignedHead: { treeSize: size - (size % 3), matchesLog: true },
      meta: { asOfPosition: point.position, asOfRecordedAt: point.recordedAt, projectedPosition: expect.any(Number) },
    });
    expect(body.brokenAt).toBeUndefined();
  });

  it('when asOf is before the first event, then the empty log is what verifies', async () => {
    const { status, body } = await t.http.get('/v1/integrity?asOf=2000-01-01T00:00:00Z');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, verifiedThroughPosition: null, events: 0, streams: 0, treeSize: 0, meta: { asOfPosition: null, asOfRecordedAt: null } });
    expect(body.latestSignedHead).toBeUndefined();
  });

  itRefusesBadReadPoints('/v1/integrity', () => t, () => log);
});

describe('GET /v1/integrity at a read point, after tampering', () => {
  let t: TestApp;
  let log: FeedEvent[];

  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.http.post('/v1/units', { unitId: 'c', name: 'C', kind: 'party-committee', effectiveFrom: '2018-01-01' })).status).toBe(201);
    expect((await t.http.post('/v1/units/c/rename', { name: 'C2', effectiveFrom: '2019-01-01' })).status).toBe(201);
    expect((await t.http.post('/v1/units/c/rename', { name: 'C3', effectiveFrom: '2020-01-01' })).status).toBe(201);
    log = (await t.http.get('/v1/events')).body.events;
  });
  afterAll(() => t.close());

  it('when an event after the point is altered, then the log as it stood verifies and the log now does not; altered before it, the break is named', async () => {
    const [created, renamed] = log;
    tamperWith(t.dataDir, `UPDATE events SET data = replace(data, 'C3', 'X3') WHERE stream_id = 'unit-c' AND revision = 2`);
    expect((await t.http.get(`/v1/integrity?asOfPosition=${renamed.position}`)).body).toMatchObject({ ok: true, events: 2, verifiedThroughPosition: renamed.position });
    expect((await t.http.get('/v1/integrity')).body).toMatchObject({ ok: false, brokenAt: { streamId: 'unit-c', revision: 2, reason: 'hash-mismatch' } });

    tamperWith(t.dataDir, `UPDATE events SET data = replace(data, 'C2', 'X2') WHERE stream_id = 'unit-c' AND revision = 1`);
    expect((await t.http.get(`/v1/integrity?asOfPosition=${renamed.position}`)).body).toMatchObject({
      ok: false,
      verifiedThroughPosition: created.position,
      brokenAt: { streamId: 'unit-c', revision: 1, reason: 'hash-mismatch' },
    });
  });
});
