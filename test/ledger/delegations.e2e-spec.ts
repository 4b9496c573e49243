import { CommandExecutor } from '@duty-ledger/application/commands/command-executor';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * DOMAIN §4: a parent is open on its delegate's start and held at or above its holder's unit — kept when the parent
 * changes too, not only the delegate. Both sides append their term to the parent's `delegations-<dutyId>` stream, at the
 * revision they read it at (ARCHITECTURE.md: invariants that span streams).
 */
describe('delegations (层层传导): a parent’s change keeps its delegates under it, over HTTP', () => {
  let t: TestApp;
  const post = (path: string, body: unknown) => t.http.post(path, body);
  const ok = async (path: string, body: unknown) => {
    const reply = await post(path, body);
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    return reply.body;
  };
  const duty = (dutyId: string, unitId: string, effectiveFrom: string, parentDutyId?: string) => ({
    dutyId,
    kind: 'primary',
    holder: { unitId },
    area: 'integrity',
    title: `主体责任 ${dutyId}`,
    items: ['部署'],
    scopeUnitIds: [],
    year: 2019,
    effectiveFrom,
    ...(parentDutyId === undefined ? {} : { parentDutyId }),
  });
  const types = async (streamId: string) => (await t.http.get(`/v1/streams/${streamId}`)).body.events.map((e: { type: string }) => e.type);

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'C', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'GB', name: '药学院党总支', kind: 'general-branch', parentUnitId: 'C', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'GB2', name: '医学院党总支', kind: 'general-branch', parentUnitId: 'C', effectiveFrom: '2018-01-01' });
  });
  afterAll(() => t.close());

  it('when the parent would close before its delegate starts, then 422 naming the delegate and its start, and nothing is written', async () => {
    await ok('/v1/duties', duty('par', 'C', '2019-01-01'));
    await ok('/v1/duties', duty('chi', 'GB', '2019-02-01', 'par'));
    const problem = await refused(t.http, 422, () => post('/v1/duties/par/close', { effectiveFrom: '2019-01-20', reason: '年度调整' }));
    expect(problem).toMatchObject({ type: expect.stringMatching(/delegate-after-parent-close$/), detail: expect.stringMatching(/chi .*2019-02-01/) });
    expect(await types('delegations-par')).toEqual(['DelegateAssigned']);
    await ok('/v1/duties/par/close', { effectiveFrom: '2019-02-02', reason: '年度调整' });
    expect(await types('delegations-par')).toEqual(['DelegateAssigned', 'DelegatorClosed']);
  });

  it('when the parent would move to a sibling of its delegate’s holder, then 422 naming the delegate; once the delegate has moved there itself, the parent may follow', async () => {
    await ok('/v1/duties', duty('par2', 'C', '2019-01-01'));
    await ok('/v1/duties', duty('chi3', 'GB2', '2019-02-01', 'par2'));
    await ok('/v1/duties', duty('chi4', 'GB', '2019-02-01', 'par2'));
    const problem = await refused(t.http, 422, () => post('/v1/duties/par2/reassign', { holder: { unitId: 'GB' }, effectiveFrom: '2019-04-01', reason: '职责调整' }));
    expect(problem).toMatchObject({ type: expect.stringMatching(/parent-not-above-delegate$/), detail: expect.stringContaining('chi3 is held in GB2 on 2019-04-01') });
    // Once chi3 has moved to GB itself (its parent, held by C, is above GB), the parent may follow it down.
    await ok('/v1/duties/chi3/reassign', { holder: { unitId: 'GB' }, effectiveFrom: '2019-03-01', reason: '职责调整' });
    await ok('/v1/duties/par2/reassign', { holder: { unitId: 'GB' }, effectiveFrom: '2019-04-01', reason: '职责调整' });
    expect(await types('delegations-par2')).toEqual(['DelegateAssigned', 'DelegateAssigned', 'DelegateReassigned', 'DelegatorReassigned']);
    expect(await types('delegations-chi3')).toEqual(['DelegatorReassigned']);
  });

  it('when the feed and the audit trail are read, then the feed carries the terms and the trail lists the duties’ own events only', async () => {
    const feed = await t.http.get('/v1/events?fromPosition=0&limit=1000');
    const terms = feed.body.events.filter((e: { streamId: string }) => e.streamId === 'delegations-par');
    expect(terms).toMatchObject([
      { type: 'DelegateAssigned', data: { parentDutyId: 'par', dutyId: 'chi', holder: { unitId: 'GB' }, effectiveFrom: '2019-02-01' } },
      { type: 'DelegatorClosed', data: { dutyId: 'par', effectiveFrom: '2019-02-02' } },
    ]);
    const head = Math.max(...feed.body.events.map((e: { position: number }) => e.position));
    const trail = await t.http.get(`/v1/audit-trail?subjectId=par&consistentWith=${head}`);
    expect(trail.body.items.map((i: { type: string; streamId: string }) => `${i.type} ${i.streamId}`)).toEqual(['DutyAssigned duty-par', 'DutyAssigned duty-chi', 'DutyClosed duty-par']);
  });

  it('when a delegation was recorded before delegation streams existed, then its parent changes as before (not checked, no migration)', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const metadata = { actor: { name: 'earlier-version', role: 'admin' }, commandId: 'old', correlationId: 'old', causationId: 'old', schemaVersion: 2 };
    await store.append('duty-old-par', [{ type: 'DutyAssigned', data: duty('old-par', 'C', '2019-01-01'), metadata }], { expectedRevision: 'no_stream' });
    await store.append('duty-old-chi', [{ type: 'DutyAssigned', data: duty('old-chi', 'GB', '2019-02-01', 'old-par'), metadata }], { expectedRevision: 'no_stream' });
    await ok('/v1/duties/old-par/reassign', { holder: { unitId: 'GB2' }, effectiveFrom: '2019-01-10', reason: '职责调整' });
    await ok('/v1/duties/old-par/close', { effectiveFrom: '2019-01-20', reason: '年度调整' });
    expect(await types('delegations-old-par')).toEqual(['DelegatorReassigned', 'DelegatorClosed']);
    // Its delegate's own changes are still checked against the parent, and now recorded in the parent's stream.
    await refused(t.http, 422, () => post('/v1/duties/old-chi/reassign', { holder: { unitId: 'C' }, effectiveFrom: '2019-03-01', reason: 'x' }));
    await ok('/v1/duties/old-chi/close', { effectiveFrom: '2019-03-01', reason: '随上级撤销' });
    expect(await types('delegations-old-par')).toEqual(['DelegatorReassigned', 'DelegatorClosed', 'DelegateClosed']);
  });

  it('when twenty delegations of one parent are assigned at once, then all twenty are written (they take turns, none is refused)', async () => {
    await ok('/v1/duties', duty('par3', 'C', '2019-01-01'));
    const { contention } = t.app.get(CommandExecutor);
    const retriesBefore = contention.retries;
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => post('/v1/duties', duty(`many-${i}`, i % 2 ? 'GB' : 'GB2', '2019-03-01', 'par3'))));
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(contention.retries - retriesBefore).toBe(0);
    expect((await types('delegations-par3')).filter((type: string) => type === 'DelegateAssigned')).toHaveLength(20);
  });

  it('when a parent’s close races the assignment of a delegate dated after it, then never both are written', async () => {
    for (let round = 0; round < 5; round++) {
      await ok('/v1/duties', duty(`race-${round}`, 'C', '2019-01-01'));
      const [close, assign] = await Promise.all([
        post(`/v1/duties/race-${round}/close`, { effectiveFrom: '2019-06-01', reason: '撤销' }),
        post('/v1/duties', duty(`race-${round}-child`, 'GB', '2019-07-01', `race-${round}`)),
      ]);
      expect([close.status, assign.status].sort()).toEqual([201, 422]);
    }
  });
});
