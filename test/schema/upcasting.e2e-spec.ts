import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A DutyAssigned stored at schema version 1 (one `scopeUnitId`) reads in the current shape (`scopeUnitIds`) through every
 * path that folds events — the duty read model, the chain, the list filter, the audit trail, the command handlers —
 * while the log keeps it exactly as written, so its hash still verifies.
 */
describe('schema evolution: a stored v1 DutyAssigned', () => {
  let t: TestApp;
  let store: EventStore;
  let position: number;

  beforeAll(async () => {
    t = await startTestApp();
    for (const [path, body] of [
      ['/v1/units', { unitId: 'c', name: 'Committee', kind: 'party-committee', effectiveFrom: '2018-01-01' }],
      ['/v1/units', { unitId: 'b', name: 'Branch', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' }],
      ['/v1/people', { personId: 'm', name: 'Member' }],
      ['/v1/people/m/appoint', { unitId: 'c', post: 'member', effectiveFrom: '2018-01-01' }],
    ] as const)
      expect((await t.http.post(path, body)).status).toBe(201);
    store = t.app.get(EVENT_STORE);
    const v1 = { dutyId: 'old-dual', kind: 'dual', holder: { unitId: 'c', post: 'member' }, area: 'integrity', tags: [], title: 'v1 duty', items: [], scopeUnitId: 'b', year: 2018, effectiveFrom: '2018-03-01' };
    const written = await store.append('duty-old-dual', [{ type: 'DutyAssigned', data: v1, metadata: { actor: { name: 'migration', role: 'admin' }, commandId: 'c1', correlationId: 'c1', causationId: 'c1', schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    position = written.position;
  });
  afterAll(() => t.close());

  it('when the duty is read, then it lists its portfolio in scopeUnitIds', async () => {
    const duty = await t.http.get(`/v1/duties/old-dual?at=2019-01-01&consistentWith=${position}`);
    expect(duty.body).toMatchObject({ dutyId: 'old-dual', scopeUnitIds: ['b'] });
    expect(duty.body).not.toHaveProperty('scopeUnitId');
  });

  it('when the branch chain is read, then the v1 dual duty covers it through its upcast scope', async () => {
    const chain = await t.http.get(`/v1/units/b/chain?at=2019-01-01&consistentWith=${position}`);
    expect(chain.body.coveredBy.map((d: { dutyId: string }) => d.dutyId)).toEqual(['old-dual']);
    expect(chain.body.coveredBy[0].holder.persons).toEqual([{ personId: 'm', name: 'Member' }]);
  });

  it('when a command targets it, then the handler folds the upcast event and writes the current version', async () => {
    const revised = await t.http.post('/v1/duties/old-dual/revise', { title: 'v2 title' });
    expect(revised.status).toBe(201);
    const reassigned = await t.http.post('/v1/duties/old-dual/close', { effectiveFrom: '2020-01-01', reason: 'ended' });
    expect(reassigned.status).toBe(201);
    const stream = await t.http.get('/v1/streams/duty-old-dual');
    expect(stream.body.events[0].data).toHaveProperty('scopeUnitId', 'b');
    expect(stream.body.events[0].metadata.schemaVersion).toBe(1);
  });

  it('when new duties are assigned, then they are written at the current version', async () => {
    const assigned = await t.http.post('/v1/duties', { kind: 'primary', holder: { unitId: 'b' }, area: 'integrity', title: 'new', items: [], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01' });
    expect(assigned.status).toBe(201);
    const [event] = await store.readStream(assigned.body.streamId);
    expect(event.metadata.schemaVersion).toBe(2);
  });

  it('when the audit trail of the branch is read, then the v1 assignment is there as touching it', async () => {
    const trail = await t.http.get(`/v1/audit-trail?subjectId=b&consistentWith=${position}`);
    expect(trail.body.items.map((i: { type: string }) => i.type)).toContain('DutyAssigned');
  });
});
