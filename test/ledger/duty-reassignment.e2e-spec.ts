import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A duty closed on 2020-12-31 and then reassigned to BR from 2020-06-01, a date it was open: the holder change is
 * recorded after the close, and every read that folds the holder history answers BR between the two dates.
 */
describe('a reassignment recorded after the duty was closed, over HTTP', () => {
  let t: TestApp;
  let last: number;
  const ok = async (path: string, body: unknown) => {
    const reply = await t.http.post(path, body);
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    last = reply.body.position;
    return reply.body;
  };
  const read = (path: string) => t.http.get(`${path}${path.includes('?') ? '&' : '?'}consistentWith=${last}`);

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'BR', name: '药学院党总支', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    await ok('/v1/people', { personId: 'P', name: '丙' });
    await ok('/v1/people/P/appoint', { unitId: 'BR', post: 'secretary', effectiveFrom: '2019-01-01' });
    await ok('/v1/duties', { dutyId: 'rc1', kind: 'primary', holder: { unitId: 'c' }, area: 'integrity', title: '主体责任', items: ['部署'], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01' });
    await ok('/v1/duties/rc1/close', { effectiveFrom: '2020-12-31', reason: '年度结束' });
    await ok('/v1/duties/rc1/reassign', { holder: { unitId: 'BR' }, effectiveFrom: '2020-06-01', reason: '职责调整' });
    await ok('/v1/duties/rc1/acknowledge', { personId: 'P', acknowledgedOn: '2020-07-01' });
    await ok('/v1/findings', { findingId: 'f', source: 'inspection', raisedByUnitId: 'c', subjectUnitId: 'BR', area: 'integrity', tags: [], severity: 'low', description: '台账不全', occurredOn: '2020-07-01', dutyIds: ['rc1'] });
  });
  afterAll(() => t.close());

  it('when the duty is read between the reassignment and the close, then BR holds it, it is open, and the close stands', async () => {
    const { body } = await read('/v1/duties/rc1?at=2020-07-01');
    expect(body).toMatchObject({ status: 'open', closedOn: '2020-12-31', holder: { unitId: 'BR' } });
    expect(body.holders).toEqual([
      { from: '2020-01-01', holder: { unitId: 'c' } },
      { from: '2020-06-01', holder: { unitId: 'BR' } },
    ]);
    expect((await read('/v1/duties/rc1?at=2020-12-31')).body.status).toBe('closed');
  });

  it('when the chains are read, then the duty is BR’s own from the reassignment until the close, and the committee’s before', async () => {
    const own = async (unitId: string, at: string) => (await read(`/v1/units/${unitId}/chain?at=${at}`)).body.duties.map((d: { dutyId: string }) => d.dutyId);
    expect([await own('c', '2020-05-31'), await own('BR', '2020-05-31')]).toEqual([['rc1'], []]);
    expect([await own('c', '2020-07-01'), await own('BR', '2020-07-01')]).toEqual([[], ['rc1']]);
    expect(await own('BR', '2020-12-31')).toEqual([]);
  });

  it('when the accountability trail of a finding on BR in that span is read, then BR is covered by the duty it held that day', async () => {
    const { body } = await read('/v1/findings/f/accountability-trail');
    expect(body.coverage).toEqual([expect.objectContaining({ unitId: 'BR', role: 'direct', duties: [{ dutyId: 'rc1', kind: 'primary' }] })]);
  });

  it('when the loop of 2020 is read, then the acknowledgement by BR’s secretary counts: BR held the duty on its last open day', async () => {
    const { body } = await read('/v1/duties/rc1/loop?year=2020');
    expect(body.steps.find((s: { step: string }) => s.step === 'know')).toMatchObject({ done: true, refs: ['P'] });
  });

  it('when a reassignment would take effect on or after the close, then 422 naming the close date', async () => {
    for (const effectiveFrom of ['2020-12-31', '2021-02-01']) {
      const problem = await refused(t.http, 422, () => t.http.post('/v1/duties/rc1/reassign', { holder: { unitId: 'c' }, effectiveFrom, reason: 'x' }));
      expect(problem).toMatchObject({ type: expect.stringMatching(/duty-closed$/), detail: expect.stringContaining('closed on 2020-12-31') });
    }
  });
});
