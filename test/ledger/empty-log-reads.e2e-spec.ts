import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Position 0 is before every event (a log's first is 1): `asOfPosition=0` reads the empty record and `consistentWith=0`
 * asks for nothing, on a log with events and on one still empty, where a fresh client starts.
 */
describe('reads at position 0 of a log still empty', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('when asOfPosition=0 is asked, then 200 with nothing yet, not 400 "past the head"', async () => {
    const feed = await t.http.get('/v1/events?asOfPosition=0', { role: 'inspector' });
    expect({ status: feed.status, body: feed.body }).toEqual({ status: 200, body: { events: [], next: null, meta: expect.objectContaining({ asOfPosition: 0, asOfRecordedAt: null }) } });
    expect((await t.http.get('/v1/duties?asOfPosition=0', { role: 'inspector' })).body).toMatchObject({ items: [], nextCursor: null });
    expect((await t.http.get('/v1/units/c?asOfPosition=0', { role: 'inspector' })).status).toBe(404);
    expect((await t.http.get('/v1/events?asOfPosition=1', { role: 'inspector' })).status).toBe(400);
  });

  it('when consistentWith=0 is asked, then it answers 200 with nothing yet, not 503 (position 0 holds no event to wait for)', async () => {
    const reply = await t.http.get('/v1/duties?consistentWith=0', { role: 'inspector' });
    expect({ status: reply.status, items: reply.body.items }).toEqual({ status: 200, items: [] });
  });
});
