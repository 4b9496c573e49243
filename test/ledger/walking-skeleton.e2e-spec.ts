import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The story of issue 2 over HTTP: a committee and a branch; A becomes secretary; the first responsibility is assigned
 * to the secretary post and delegated; later A is relieved and B appointed. The chain answers A before the change,
 * B after, and A again as of a position before the change was recorded; the day before assignment shows no duty.
 */
describe('walking skeleton: from an HTTP command to an as-of responsibility chain', () => {
  let t: TestApp;
  let beforeChange: number;

  beforeAll(async () => {
    t = await startTestApp();
    const ok = async (path: string, body: unknown) => {
      const reply = await t.http.post(path, body);
      expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
      return reply.body;
    };
    await ok('/v1/units', { unitId: 'committee', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'branch', name: '药学院党总支', kind: 'general-branch', parentUnitId: 'committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/people', { personId: 'A', name: '甲' });
    await ok('/v1/people', { personId: 'B', name: '乙' });
    await ok('/v1/people/A/appoint', { unitId: 'committee', post: 'secretary', effectiveFrom: '2018-06-01' });
    await ok('/v1/duties', {
      dutyId: 'first-2019',
      kind: 'first',
      holder: { unitId: 'committee', post: 'secretary' },
      area: 'party-building',
      title: '党委书记第一责任',
      items: ['带头落实全面从严治党'],
      scopeUnitIds: [],
      year: 2019,
      effectiveFrom: '2019-01-14',
    });
    const delegated = await ok('/v1/duties', {
      dutyId: 'branch-primary-2019',
      kind: 'primary',
      holder: { unitId: 'branch' },
      area: 'party-building',
      title: '总支主体责任',
      items: ['落实基层党建'],
      scopeUnitIds: [],
      year: 2019,
      parentDutyId: 'first-2019',
      effectiveFrom: '2019-02-01',
    });
    beforeChange = delegated.position;
    await ok('/v1/people/A/relieve', { unitId: 'committee', post: 'secretary', effectiveFrom: '2020-09-01' });
    const appointed = await ok('/v1/people/B/appoint', { unitId: 'committee', post: 'secretary', effectiveFrom: '2020-09-01' });
    await t.http.get(`/v1/units/branch?consistentWith=${appointed.position}`);
  });

  afterAll(() => t.close());

  const firstDutyPersons = async (query: string) => {
    const reply = await t.http.get(`/v1/units/branch/chain?${query}`, { role: 'inspector' });
    expect(reply.status).toBe(200);
    const first = reply.body.coveredBy.find((d: { dutyId: string }) => d.dutyId === 'first-2019');
    return first?.holder.persons.map((p: { personId: string }) => p.personId);
  };

  it('when asked for a date before the change, then the chain names A', async () => {
    expect(await firstDutyPersons('at=2020-08-31')).toEqual(['A']);
  });

  it('when asked for the day of the change, then the chain names B', async () => {
    expect(await firstDutyPersons('at=2020-09-01')).toEqual(['B']);
  });

  it('when asked as of a position before the change was recorded, then the chain names A even for a later date', async () => {
    expect(await firstDutyPersons(`at=2021-01-01&asOfPosition=${beforeChange}`)).toEqual(['A']);
  });

  it('when the same chain is read again, then the versions read the first time answer it (read_store_cache_* in /metrics), the same', async () => {
    const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    const path = `/v1/units/branch/chain?at=2021-01-01&asOfPosition=${beforeChange}`;
    const first = await t.http.get(path, { role: 'inspector' });
    const before = (await t.http.get('/metrics', { role: null })).body as string;
    const again = await t.http.get(path, { role: 'inspector' });
    const after = (await t.http.get('/metrics', { role: null })).body as string;
    expect(again.body).toEqual(first.body);
    expect(counter(after, 'read_store_cache_hits_total')).toBeGreaterThan(counter(before, 'read_store_cache_hits_total'));
    expect(counter(after, 'read_store_cache_misses_total')).toBe(counter(before, 'read_store_cache_misses_total'));
    expect(counter(after, 'read_store_cache_versions')).toBeGreaterThan(0);
    expect(counter(after, 'read_store_cache_bytes')).toBeGreaterThan(counter(after, 'read_store_cache_versions'));
  });

  it('when asked for the day before assignment, then the branch has no duty and is covered by none', async () => {
    const reply = await t.http.get('/v1/units/branch/chain?at=2019-01-13', { role: 'inspector' });
    expect(reply.body.duties).toEqual([]);
    expect(reply.body.coveredBy).toEqual([]);
  });

  it('when the branch chain is read, then its own delegated duty lists the first duty as its ancestor', async () => {
    const reply = await t.http.get('/v1/units/branch/chain?at=2019-06-01');
    expect(reply.body.duties).toHaveLength(1);
    expect(reply.body.duties[0]).toMatchObject({ dutyId: 'branch-primary-2019', kind: 'primary', ancestors: [{ dutyId: 'first-2019', holder: { persons: [{ personId: 'A', name: '甲' }] } }] });
    expect(reply.body.meta).toEqual({ asOfPosition: expect.any(Number), asOfRecordedAt: expect.any(String), projectedPosition: expect.any(Number) });
  });

  it('when the committee chain is read, then the first duty lists its delegate', async () => {
    const reply = await t.http.get('/v1/units/committee/chain?at=2019-06-01');
    expect(reply.body.duties[0]).toMatchObject({ dutyId: 'first-2019', delegates: [{ dutyId: 'branch-primary-2019' }] });
  });

  it('when a unit is read before it was registered, then 404', async () => {
    expect((await t.http.get('/v1/units/branch/chain?at=2017-12-31')).status).toBe(404);
    expect((await t.http.get('/v1/units/branch?at=2017-12-31')).status).toBe(404);
  });

  it('when a person is read, then their posts carry their periods', async () => {
    const reply = await t.http.get('/v1/people/A?at=2021-01-01');
    expect(reply.status).toBe(200);
    expect(reply.body.posts).toEqual([{ unitId: 'committee', post: 'secretary', from: '2018-06-01', to: '2020-09-01', current: false }]);
  });

  it('when a duty is read, then it answers its revision in the body and the ETag', async () => {
    const reply = await t.http.get('/v1/duties/first-2019');
    expect(reply.body).toMatchObject({ dutyId: 'first-2019', status: 'open', revision: 0, holder: { unitId: 'committee', post: 'secretary' } });
    expect(reply.headers.get('etag')).toBe('"0"');
  });

  it('when duties are listed by holder unit, then the filter and paging hold', async () => {
    const reply = await t.http.get('/v1/duties?holderUnitId=branch&limit=10');
    expect(reply.body.items.map((d: { dutyId: string }) => d.dutyId)).toEqual(['branch-primary-2019']);
    expect(reply.body.nextCursor).toBeNull();
  });
});

describe('operations routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('when /health is asked without a key, then it reports both stores up', async () => {
    const reply = await t.http.get('/health', { role: null });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: 'ok',
      eventStore: 'up',
      eventStoreWrites: 'ok',
      readStore: 'up',
      readStoreReads: 'ok',
      readModelGeneration: null,
      projectionLag: expect.any(Number),
      projectionLagThreshold: 10_000,
      projectionLagSeconds: expect.any(Number),
      projectionLagSecondsThreshold: 60,
    });
  });

  it('when the read models lag beyond PROJECTION_LAG_THRESHOLD, then /health says degraded, still 200', async () => {
    // PROJECTIONS=off and no projector: nothing applies the three events written.
    const lagging = await startTestApp({ PROJECTIONS: 'off', PROJECTION_LAG_THRESHOLD: '2' });
    try {
      for (const personId of ['h1', 'h2', 'h3']) expect((await lagging.http.post('/v1/people', { personId, name: personId })).status).toBe(201);
      const reply = await lagging.http.get('/health', { role: null });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ status: 'degraded', projectionLag: 3, projectionLagThreshold: 2 });
    } finally {
      await lagging.close();
    }
  });

  it('when the read models have not applied an event for longer than PROJECTION_LAG_SECONDS_THRESHOLD, then /health says degraded and /metrics shows the seconds, though the lag in positions is small', async () => {
    const stalled = await startTestApp({ PROJECTIONS: 'off', PROJECTION_LAG_SECONDS_THRESHOLD: '1' });
    try {
      expect((await stalled.http.post('/v1/people', { personId: 's1', name: 'S' })).status).toBe(201);
      expect((await stalled.http.get('/health', { role: null })).body).toMatchObject({ status: 'ok', projectionLag: 1, projectionLagSeconds: expect.any(Number) });
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const reply = await stalled.http.get('/health', { role: null });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ status: 'degraded', projectionLag: 1, projectionLagSecondsThreshold: 1 });
      expect(reply.body.projectionLagSeconds).toBeGreaterThan(1);
      const checkpoints = jest.spyOn(stalled.app.get<ReadStore>(READ_STORE), 'checkpoint');
      const metrics = (await stalled.http.get('/metrics', { role: null })).body as string;
      expect(Number(/^projection_lag_seconds\{projection="people"\} ([\d.]+)$/m.exec(metrics)?.[1])).toBeGreaterThan(1);
      expect(Number(/^projection_lag_positions\{projection="people"\} (\d+)$/m.exec(metrics)?.[1])).toBe(1);
      // The lag gauges (positions, seconds) share one reading of the checkpoints a scrape.
      expect(checkpoints.mock.calls.map(([name]) => name).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
    } finally {
      await stalled.close();
    }
  });

  it('when commands are committed, then /metrics counts the requests each commit carried (the group-commit batch size)', async () => {
    await Promise.all(['g1', 'g2', 'g3', 'g4'].map((personId) => t.http.post('/v1/people', { personId, name: personId })));
    const metrics = (await t.http.get('/metrics', { role: null })).body as string;
    const count = Number(/^event_store_commit_batch_requests_count (\d+)$/m.exec(metrics)?.[1]);
    const sum = Number(/^event_store_commit_batch_requests_sum (\d+)$/m.exec(metrics)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(sum).toBeGreaterThanOrEqual(4);
    expect(metrics).toMatch(/^read_store_errors_total 0$/m);
  });

  it('when /docs-json is asked without a key, then it documents every /v1 route with bearer security', async () => {
    const reply = await t.http.get('/docs-json', { role: null });
    expect(reply.status).toBe(200);
    expect(reply.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of ['/v1/units', '/v1/units/{unitId}/chain', '/v1/people/{personId}/appoint', '/v1/duties', '/v1/duties/{dutyId}/revise', '/v1/events', '/v1/streams/{streamId}'])
      expect(Object.keys(reply.body.paths)).toContain(path);
  });

  it('when /docs-json is read, then every command documents its 201, the 200 of an idempotent repeat with the same body, the Idempotency-Key header, and If-Match when it targets an existing id', async () => {
    const { paths } = (await t.http.get('/docs-json', { role: null })).body as { paths: Record<string, Record<string, any>> };
    const commands = Object.entries(paths).flatMap(([path, item]) => (path.startsWith('/v1/') && !path.startsWith('/v1/admin/') && item.post ? [[path, item.post]] : []));
    expect(commands.length).toBe(22);
    for (const [path, operation] of commands) {
      const { 200: replay, 201: created } = operation.responses;
      expect({ path, replay: replay?.content, created: created?.content }).toEqual({ path, replay: created.content, created: { 'application/json': { schema: { $ref: '#/components/schemas/CommandAccepted' } } } });
      expect({ path, description: replay.description }).toEqual({ path, description: expect.stringMatching(/Idempotency-Key/) });
      expect({ path, headers: operation.parameters.filter((p: { in: string }) => p.in === 'header').map((p: { name: string }) => p.name) }).toEqual({ path, headers: path.includes('{') ? ['If-Match', 'Idempotency-Key'] : ['Idempotency-Key'] });
    }
  });

  it('when any response is sent, then it carries nosniff and a request id', async () => {
    const reply = await t.http.get('/v1/units/none');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-request-id')).toBeTruthy();
  });
});

describe('operators’ metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('when commands were written, then /metrics shows commits, requests, events, the head, each projection’s lag and the generation read', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => t.http.post('/v1/people', { personId: `m${i}`, name: `M${i}` })));
    expect(replies.every((r) => r.status === 201)).toBe(true);
    await t.http.get(`/v1/people/m0?consistentWith=${Math.max(...replies.map((r) => r.body.position))}`);
    await new Promise((r) => setTimeout(r, 50));
    const text: string = (await t.http.get('/metrics', { role: null })).body;
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('event_store_events_total')).toBe(20);
    expect(value('event_store_requests_total')).toBe(20);
    expect(value('event_store_commits_total')).toBeGreaterThanOrEqual(1);
    expect(value('event_store_commits_total')).toBeLessThanOrEqual(20);
    expect(value('event_store_head_position')).toBe(Math.max(...replies.map((r) => r.body.position)));
    expect(value('projection_lag_positions{projection="people"}')).toBe(0);
    expect(value('merkle_log_lag_positions')).toBeGreaterThanOrEqual(0); // the Merkle log follows on its own; it is there
    expect(value('merkle_unsigned_seconds')).toBeGreaterThanOrEqual(0.05); // 20 events, no head yet (by count: 1,000; on time: an hour)
    expect(value('read_model_generation_info{generation="first"}')).toBe(1);
    expect(text).toMatch(/^http_request_duration_seconds_count\{route="\/v1\/people",method="POST",status="201"\} 20$/m);
  });
});
