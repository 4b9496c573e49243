import { apiKeysEnv } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/** API.md: an Idempotency-Key is scoped to the API key — two keys of one role (one principal name) never share one. */
describe('idempotency keys are scoped to the API key', () => {
  const second = 'second-integrator-key-000000000000';
  let t: TestApp;
  const asSecond = { role: null, headers: { authorization: `Bearer ${second}`, 'idempotency-key': 'shared' } } as const;
  const asFirst = { role: 'integrator', headers: { 'idempotency-key': 'shared' } } as const;

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: `${apiKeysEnv()},integrator:${second}` });
  });
  afterAll(() => t.close());

  it('when two keys of one role send the same Idempotency-Key, then each is its own command', async () => {
    const first = await t.http.post('/v1/people', { name: 'From the first key' }, asFirst);
    const other = await t.http.post('/v1/people', { name: 'From the second key' }, asSecond);
    expect([first.status, other.status]).toEqual([201, 201]);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('when the second key repeats the first key’s body with the shared Idempotency-Key, then it is not handed the first key’s answer', async () => {
    const body = { personId: 'only-first', name: 'Mine' };
    expect((await t.http.post('/v1/people', body, { ...asFirst, headers: { 'idempotency-key': 'mine' } })).status).toBe(201);
    const borrowed = await t.http.post('/v1/people', body, { ...asSecond, headers: { ...asSecond.headers, 'idempotency-key': 'mine' } });
    expect(borrowed.status).toBe(409); // a new command: the id is taken
  });

  it('when each key repeats its own command, then each gets its own first answer', async () => {
    const again = await t.http.post('/v1/people', { name: 'From the second key' }, asSecond);
    expect(again.status).toBe(200);
    expect((await t.http.post('/v1/people', { name: 'From the first key' }, asFirst)).status).toBe(200);
  });
});
