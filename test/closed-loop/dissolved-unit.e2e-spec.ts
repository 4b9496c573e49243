import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A unit is registered from its registration date and no longer from its dissolution's effective date (DOMAIN §5:
 * half-open). Its chain answers 404 from that date (API.md), while the unit itself still reads as dissolved.
 */
describe('a dissolved unit over HTTP: its chain, the unit, and a trail over it', () => {
  let t: TestApp;
  let last = 0;
  let beforeDissolution = 0;
  const ok = async (path: string, body: unknown) => {
    const reply = await t.http.post(path, body, { role: 'admin' });
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    last = reply.body.position;
    return last;
  };
  const get = (path: string, consistentWith = last) => t.http.get(`${path}${path.includes('?') ? '&' : '?'}consistentWith=${consistentWith}`, { role: 'inspector' });

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'im2', name: '影像党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'im3', name: '检验党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    const duty = (dutyId: string, kind: string, holder: object) =>
      ok('/v1/duties', { dutyId, kind, holder, area: 'party-building', title: dutyId, items: [], scopeUnitIds: [], year: 2024, effectiveFrom: '2024-01-01' });
    await duty('root-primary', 'primary', { unitId: 'root' });
    await duty('im2-primary', 'primary', { unitId: 'im2' });
    await duty('im3-primary', 'primary', { unitId: 'im3' });
    await ok('/v1/units/im2/dissolve', { effectiveFrom: '2024-06-01', reason: '合并' });
    // im3: a finding dated 2024-07-01, then a dissolution recorded later but effective 2024-06-01, before it occurred.
    await ok('/v1/findings', {
      findingId: 'f-im3',
      source: 'inspection',
      raisedByUnitId: 'dc',
      subjectUnitId: 'im3',
      area: 'party-building',
      tags: [],
      severity: 'low',
      description: '组织生活不规范',
      occurredOn: '2024-07-01',
      dutyIds: [],
    });
    beforeDissolution = last;
    await ok('/v1/units/im3/dissolve', { effectiveFrom: '2024-06-01', reason: '合并' });
  });
  afterAll(() => t.close());

  it('when the chain is read on the dissolution date, then 404 though the unit reads as dissolved; the day before, then 200 with the unit active', async () => {
    expect((await get('/v1/units/im2/chain?at=2024-06-01')).status).toBe(404);
    expect((await get('/v1/units/im2/chain?at=2024-12-31')).status).toBe(404);
    const before = await get('/v1/units/im2/chain?at=2024-05-31');
    expect(before.status).toBe(200);
    expect(before.body.unit).toMatchObject({ unitId: 'im2', status: 'active', dissolvedOn: '2024-06-01' });
    expect(before.body.duties.map((d: { dutyId: string }) => d.dutyId)).toEqual(['im2-primary']);
    // The unit itself is still shown on that date, dissolved (API.md: the unit's name, kind, parent, status).
    const unit = await get('/v1/units/im2?at=2024-06-01');
    expect(unit.status).toBe(200);
    expect(unit.body).toMatchObject({ unitId: 'im2', status: 'dissolved', dissolvedOn: '2024-06-01' });
  });

  it('when a finding occurred after its unit’s (later recorded) dissolution, then the trail has no chain that day and only the direct row; as of before the dissolution, the chain', async () => {
    const trail = await get('/v1/findings/f-im3/accountability-trail?at=2024-12-31');
    expect(trail.status).toBe(200);
    expect(trail.body.chainOnOccurrence).toBeNull();
    expect(trail.body.coverage).toEqual([{ unitId: 'im3', role: 'direct', duties: [], heldAccountable: false, caseIds: [] }]);
    const asOf = await t.http.get(`/v1/findings/f-im3/accountability-trail?at=2024-12-31&asOfPosition=${beforeDissolution}`, { role: 'inspector' });
    expect(asOf.status).toBe(200);
    expect(asOf.body.chainOnOccurrence.unit).toMatchObject({ unitId: 'im3', status: 'active' });
    expect(asOf.body.coverage.map((r: { unitId?: string; duties: { dutyId: string }[] }) => [r.unitId, r.duties.map((d) => d.dutyId)])).toEqual([
      ['im3', ['im3-primary']],
      ['root', ['root-primary']],
    ]);
  });
});
