import type Database from 'better-sqlite3';
import { EVENT_STORE } from '@duty-ledger/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A full disk: the log's file cannot grow (simulated by capping SQLite's page count on the store's own connection,
 * since root ignores file permissions). Commands answer 503 problem+json with Retry-After and write nothing; when
 * space returns, the same command succeeds.
 */
describe('disk full', () => {
  let t: TestApp;
  let db: Database.Database;

  beforeAll(async () => {
    t = await startTestApp();
    db = (t.app.get(EVENT_STORE) as unknown as { db: Database.Database }).db;
    expect((await t.http.post('/v1/people', { personId: 'before', name: 'Before' })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('when the log cannot grow, then 503 with Retry-After and nothing written; when space returns, the command succeeds', async () => {
    const before = await t.http.eventCount();
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const body = { personId: 'big', name: 'x'.repeat(150) };
    let reply = await t.http.post('/v1/people', body);
    for (let i = 0; reply.status === 201 && i < 200; i++) reply = await t.http.post('/v1/people', { personId: `fill-${i}`, name: 'x'.repeat(150) });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBeTruthy();
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(reply.body)).not.toMatch(/SQLITE|sqlite|stack/);
    const whileFull = await t.http.eventCount();
    expect((await t.http.post('/v1/people', { personId: 'refused', name: 'x'.repeat(150) })).status).toBe(503);
    expect(await t.http.eventCount()).toBe(whileFull);
    expect((await t.http.get('/v1/streams/person-refused')).status).toBe(404);
    expect((await t.http.get('/health', { role: null })).body).toMatchObject({ status: 'degraded', eventStore: 'up', eventStoreWrites: 'failing' });

    db.pragma('max_page_count = 1073741823');
    expect((await t.http.post('/v1/people', { personId: 'refused', name: 'Back' })).status).toBe(201);
    expect(await t.http.eventCount()).toBeGreaterThan(before);
    expect((await t.http.get('/health', { role: null })).body).toMatchObject({ status: 'ok', eventStoreWrites: 'ok' });
  });
});
