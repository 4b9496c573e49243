import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * DOMAIN §6 on a unit's dissolution date D, over HTTP: a command that starts something about the unit needs it
 * registered and not dissolved at its business date, so on D it is refused (422 unit-not-active), a delegation from its
 * duty to a unit below included; a command that ends something (relieve, close a duty, dissolve — a unit under it
 * first) is accepted on D, and refused after it.
 */
describe('a unit’s dissolution date over HTTP: starts refused on it, ends accepted on it and refused after it', () => {
  let t: TestApp;
  const D = '2024-06-01';
  const ok = async (path: string, body: unknown) => {
    const reply = await t.http.post(path, body, { role: 'admin' });
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
  };
  const notActive = async (path: string, body: unknown) => {
    const problem = await refused(t.http, 422, () => t.http.post(path, body, { role: 'admin' }));
    expect(problem.type).toMatch(/unit-not-active$/);
  };
  const duty = (dutyId: string, over: Record<string, unknown>) => ({
    dutyId,
    kind: 'primary',
    holder: { unitId: 'old' },
    area: 'party-building',
    title: dutyId,
    items: [],
    scopeUnitIds: [],
    year: 2024,
    effectiveFrom: '2024-01-01',
    ...over,
  });
  const finding = (occurredOn: string) => ({
    source: 'inspection',
    raisedByUnitId: 'dc',
    subjectUnitId: 'old',
    area: 'party-building',
    tags: [],
    severity: 'low',
    description: '组织生活不规范',
    occurredOn,
    dutyIds: [],
  });

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'old', name: '影像党总支', kind: 'general-branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'kid', name: '影像一支部', kind: 'branch', parentUnitId: 'old', effectiveFrom: '2024-01-01' });
    for (const personId of ['S', 'M', 'N']) await ok('/v1/people', { personId, name: personId });
    await ok('/v1/people/S/appoint', { unitId: 'old', post: 'secretary', effectiveFrom: '2024-01-01' });
    await ok('/v1/people/M/appoint', { unitId: 'old', post: 'member', effectiveFrom: '2024-01-01' });
    await ok('/v1/duties', duty('old-primary', {}));
    await ok('/v1/duties', duty('old-first', { kind: 'first', holder: { unitId: 'old', post: 'secretary' } }));
    // A unit under it is dissolved (or moved) by then: a dissolution leaves no unit active under the dissolved one.
    await ok('/v1/units/kid/dissolve', { effectiveFrom: D, reason: '随上级撤销' });
    await ok('/v1/units/old/dissolve', { effectiveFrom: D, reason: '合并' });
  });
  afterAll(() => t.close());

  it('when something about the unit would start on its dissolution date, then 422 unit-not-active; the day before, 201', async () => {
    await notActive('/v1/units', { unitId: 'kid2', name: '影像二支部', kind: 'branch', parentUnitId: 'old', effectiveFrom: D });
    await notActive('/v1/people/N/appoint', { unitId: 'old', post: 'member', effectiveFrom: D });
    await notActive('/v1/duties', duty('late-primary', { effectiveFrom: D }));
    await notActive('/v1/duties', duty('late-dual', { kind: 'dual', holder: { unitId: 'root', post: 'member' }, scopeUnitIds: ['old'], effectiveFrom: D }));
    await notActive('/v1/duties', duty('kid-primary', { holder: { unitId: 'kid' }, parentDutyId: 'old-primary', effectiveFrom: D }));
    await notActive('/v1/meetings', { unitId: 'old', kind: 'special', heldOn: D, attendeePersonIds: [], agenda: ['a'], decisions: [], dutyIds: [] });
    const report = { kind: 'written-report', year: 2024, dutyIds: [], summary: 's', submittedOn: D };
    await notActive('/v1/reports', { ...report, authorUnitId: 'old', recipientUnitId: 'root' });
    await notActive('/v1/reports', { ...report, authorUnitId: 'root', recipientUnitId: 'old' });
    await notActive('/v1/findings', finding(D));
    await ok('/v1/findings', finding('2024-05-31'));
    await ok('/v1/reports', { ...report, authorUnitId: 'old', recipientUnitId: 'root', submittedOn: '2024-05-31' });
  });

  it('when someone is relieved or a duty closed after the dissolution date, then 422 unit-not-active; on it, 201', async () => {
    await notActive('/v1/people/S/relieve', { unitId: 'old', post: 'secretary', effectiveFrom: '2024-06-02' });
    await notActive('/v1/duties/old-primary/close', { effectiveFrom: '2024-06-02', reason: '单位撤销' });
    await ok('/v1/people/S/relieve', { unitId: 'old', post: 'secretary', effectiveFrom: D });
    await ok('/v1/duties/old-primary/close', { effectiveFrom: D, reason: '单位撤销' });
  });

  it('when a unit would be registered under it the day before and outlive it, then 422 outlives-parent', async () => {
    const problem = await refused(t.http, 422, () => t.http.post('/v1/units', { unitId: 'kid3', name: '影像三支部', kind: 'branch', parentUnitId: 'old', effectiveFrom: '2024-05-31' }, { role: 'admin' }));
    expect(problem.type).toMatch(/outlives-parent$/);
  });
});
