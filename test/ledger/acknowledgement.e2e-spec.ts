import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * 签订责任书 over HTTP (DOMAIN §4): the duty is open on acknowledgedOn; a post-held duty is acknowledged by the person in
 * the post that day (half-open: not by one relieved that day), a unit-held one by a person in any post of the unit; once.
 * The rule reads three aggregates (duty, person, the post's incumbency), so it is pinned here as well as in the decider.
 */
describe('acknowledging a duty over HTTP', () => {
  let t: TestApp;
  const ok = async (path: string, body: unknown) => {
    const reply = await t.http.post(path, body, { role: 'admin' });
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
  };
  const refusedAs = async (status: number, rule: string, dutyId: string, body: unknown) => {
    const problem = await refused(t.http, status, () => t.http.post(`/v1/duties/${dutyId}/acknowledge`, body, { role: 'admin' }));
    expect(problem.type).toMatch(new RegExp(`${rule}$`));
  };
  const duty = (dutyId: string, kind: string, holder: object) =>
    ok('/v1/duties', { dutyId, kind, holder, area: 'integrity', title: dutyId, items: [], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01' });

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2020-01-01' });
    await ok('/v1/units', { unitId: 'b', name: '护理党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2020-01-01' });
    for (const personId of ['A', 'B', 'M']) await ok('/v1/people', { personId, name: personId });
    await ok('/v1/people/A/appoint', { unitId: 'b', post: 'secretary', effectiveFrom: '2020-01-01' });
    await ok('/v1/people/A/relieve', { unitId: 'b', post: 'secretary', effectiveFrom: '2020-09-01' });
    await ok('/v1/people/B/appoint', { unitId: 'b', post: 'secretary', effectiveFrom: '2020-09-01' });
    await ok('/v1/people/M/appoint', { unitId: 'root', post: 'member', effectiveFrom: '2020-01-01' });
    await duty('b-first', 'first', { unitId: 'b', post: 'secretary' });
    await duty('root-primary', 'primary', { unitId: 'root' });
  });
  afterAll(() => t.close());

  it('when the secretary relieved on 2020-09-01 acknowledges on that day, then 422 not-holder; on the day before, 201; a second time, 422', async () => {
    await refusedAs(422, 'not-holder', 'b-first', { personId: 'A', acknowledgedOn: '2020-09-01' });
    await ok('/v1/duties/b-first/acknowledge', { personId: 'A', acknowledgedOn: '2020-08-31' });
    await refusedAs(422, 'already-acknowledged', 'b-first', { personId: 'A', acknowledgedOn: '2020-08-30' });
  });

  it('when the successor acknowledges on the day of their appointment, then 201', () => ok('/v1/duties/b-first/acknowledge', { personId: 'B', acknowledgedOn: '2020-09-01' }));

  it('when a unit-held duty is acknowledged, then a person in a post of the unit may (201) and one with no post there may not (422)', async () => {
    await ok('/v1/duties/root-primary/acknowledge', { personId: 'M', acknowledgedOn: '2020-03-01' });
    await refusedAs(422, 'not-holder', 'root-primary', { personId: 'A', acknowledgedOn: '2020-03-01' });
  });

  it('when the duty is not open that day, then 422; when the person or the duty does not exist, then 404', async () => {
    await refusedAs(422, 'duty-not-open', 'root-primary', { personId: 'M', acknowledgedOn: '2019-12-31' });
    await refusedAs(404, 'person-not-found', 'root-primary', { personId: 'ghost', acknowledgedOn: '2020-03-01' });
    await refusedAs(404, 'duty-not-found', 'ghost', { personId: 'M', acknowledgedOn: '2020-03-01' });
  });
});
