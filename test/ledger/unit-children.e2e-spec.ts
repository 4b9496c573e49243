import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * No unit is left active under a dissolved one: a dissolution is refused while a unit is under the dissolved one on or
 * after its date, and a registration or move into a unit is refused where it would stay there past a dissolution already
 * recorded. Each registration under a parent, move into it and its dissolution take a term in its children stream
 * (`guard-unit-children-<unitId>`), so the two are decided one after the other, within a process and across processes.
 */
describe('a unit’s children and its dissolution over HTTP', () => {
  let t: TestApp;
  const ok = async (path: string, body: unknown) => {
    const reply = await t.http.post(path, body);
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
  };
  const refusedAs = async (rule: string, path: string, body: unknown) => {
    const problem = await refused(t.http, 422, () => t.http.post(path, body));
    expect(problem.type).toMatch(new RegExp(`${rule}$`));
    return problem;
  };
  const unit = (unitId: string, parentUnitId: string, effectiveFrom = '2018-01-01') => ({ unitId, name: unitId, kind: 'branch', parentUnitId, effectiveFrom });
  const terms = async (unitId: string) => (await t.http.get(`/v1/streams/guard-unit-children-${unitId}`)).body.events?.map((e: { type: string }) => e.type) ?? [];

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'R', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { ...unit('G', 'R'), kind: 'general-branch' });
    await ok('/v1/units', { ...unit('H', 'R'), kind: 'general-branch' });
    await ok('/v1/units', unit('g1', 'G'));
    await ok('/v1/units', unit('g2', 'G'));
  });
  afterAll(() => t.close());

  it('when a unit with units under it is dissolved, then 422 naming them, and nothing is written', async () => {
    const before = (await t.http.get('/v1/events')).body.events.length;
    const problem = await refusedAs('unit-has-active-children', '/v1/units/G/dissolve', { effectiveFrom: '2020-01-01', reason: '合并' });
    expect(problem.detail).toContain('g1, g2');
    expect((await t.http.get('/v1/events')).body.events.length).toBe(before);
    expect(await terms('G')).toEqual(['ChildUnitRegistered', 'ChildUnitRegistered']);
  });

  it('when one is dissolved on the date and the other moved away, then the unit is dissolved; its stream holds every term', async () => {
    await ok('/v1/units/g1/dissolve', { effectiveFrom: '2020-01-01', reason: '随上级撤销' });
    await refusedAs('unit-has-active-children', '/v1/units/G/dissolve', { effectiveFrom: '2020-01-01', reason: '合并' });
    await ok('/v1/units/g2/move', { parentUnitId: 'H', effectiveFrom: '2020-01-01' });
    await ok('/v1/units/G/dissolve', { effectiveFrom: '2020-01-01', reason: '合并' });
    expect(await terms('G')).toEqual(['ChildUnitRegistered', 'ChildUnitRegistered', 'UnitDissolutionRecorded']);
    expect(await terms('H')).toEqual(['ChildUnitMovedIn']);
    const unitRead = await t.http.get('/v1/units/G?at=2020-01-01');
    expect(unitRead.body).toMatchObject({ unitId: 'G', status: 'dissolved' });
  });

  it('when a unit would be registered or moved under one before its recorded dissolution and stay past it, then 422; to leave by then, 201', async () => {
    await refusedAs('outlives-parent', '/v1/units', unit('late', 'G', '2019-06-01'));
    await ok('/v1/units', unit('h0', 'H'));
    await refusedAs('outlives-parent', '/v1/units/h0/move', { parentUnitId: 'G', effectiveFrom: '2019-06-01' });
    // h1 is recorded under R from 2020-01-01: moved under G from 2019-06-01, it is there only until G's dissolution.
    await ok('/v1/units', unit('h1', 'H', '2019-01-01'));
    await ok('/v1/units/h1/move', { parentUnitId: 'R', effectiveFrom: '2020-01-01' });
    await ok('/v1/units/h1/move', { parentUnitId: 'G', effectiveFrom: '2019-06-01' });
    expect(await terms('G')).toEqual(['ChildUnitRegistered', 'ChildUnitRegistered', 'UnitDissolutionRecorded', 'ChildUnitMovedIn']);
  });

  /** Rounds of a unit registered under P by `one` and P dissolved by `two` at once: each allowed alone, not together. */
  const racing = async (one: TestApp, two: TestApp, prefix: string) => {
    for (let round = 0; round < 10; round++) {
      const [parent, child] = [`${prefix}P${round}`, `${prefix}C${round}`];
      await ok('/v1/units', { ...unit(parent, 'R'), kind: 'general-branch' });
      const replies = await Promise.all([
        one.http.post('/v1/units', unit(child, parent, '2019-01-01')),
        two.http.post(`/v1/units/${parent}/dissolve`, { effectiveFrom: '2020-01-01', reason: '合并' }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(replies.find((r) => r.status === 422)!.body.type).toMatch(/(unit-has-active-children|outlives-parent)$/);
      expect(await terms(parent)).toEqual([replies[0].status === 201 ? 'ChildUnitRegistered' : 'UnitDissolutionRecorded']);
    }
  };

  it('when a unit is registered under a parent and the parent dissolved at once, then exactly one is written', async () => {
    await racing(t, t, 'S');
  });

  it('when two processes on one log register under a parent and dissolve it at once, then exactly one is written', async () => {
    const two = await startTestApp({ DATA_DIR: t.dataDir, PROJECTIONS: 'off' });
    try {
      await racing(t, two, 'T');
    } finally {
      await two.close();
    }
  });
});
