import { startTestApp, type TestApp } from '../support/test-app';

/**
 * API.md: a repeat on the same route with the same Idempotency-Key and a JSON-equal body gets the first answer. The
 * route is the one the server routed, whichever way the client's library escaped the id in the path (`org:1` is sent as
 * `org%3A1` by encodeURIComponent): the same target is the same route.
 */
describe('an Idempotency-Key repeat whose path escapes the id differently', () => {
  let t: TestApp;
  const rename = { name: '药学党支部', effectiveFrom: '2024-03-01' };
  const withKey = (key: string) => ({ role: 'integrator', headers: { 'idempotency-key': key } }) as const;

  beforeAll(async () => {
    t = await startTestApp();
    for (const unitId of ['org:1', 'org:2'])
      expect((await t.http.post('/v1/units', { unitId, name: unitId, kind: 'party-committee', effectiveFrom: '2024-01-01' })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('when a rename is repeated with the id percent-encoded, then 200 with the first answer and nothing written', async () => {
    const first = await t.http.post('/v1/units/org:1/rename', rename, withKey('rename-once'));
    expect(first.status).toBe(201);
    const repeat = await t.http.post('/v1/units/org%3A1/rename', rename, withKey('rename-once'));
    expect({ status: repeat.status, body: repeat.body }).toEqual({ status: 200, body: first.body });
    expect((await t.http.get(`/v1/units/org:1?consistentWith=${first.body.position}`)).body.revision).toBe(first.body.revision);
  });

  it('when the key is first used with the encoded path and repeated plain, then 200 too; another target is still 422', async () => {
    const first = await t.http.post('/v1/units/org%3A2/rename', rename, withKey('rename-encoded'));
    expect(first.status).toBe(201);
    expect((await t.http.post('/v1/units/org:2/rename', rename, withKey('rename-encoded'))).status).toBe(200);
    expect((await t.http.post('/v1/units/org%3A1/rename', rename, withKey('rename-encoded'))).status).toBe(422);
  });
});
