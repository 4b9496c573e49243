import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/** DOMAIN §3: units are moved, never under themselves or a descendant — on any day the move is in force. */
describe('unit moves over HTTP', () => {
  let t: TestApp;
  const ok = async (path: string, body: unknown) => expect((await t.http.post(path, body)).status).toBe(201);

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'R', name: 'Committee', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'A', name: 'A', kind: 'general-branch', parentUnitId: 'R', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'B', name: 'B', kind: 'general-branch', parentUnitId: 'R', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'X', name: 'X', kind: 'branch', parentUnitId: 'A', effectiveFrom: '2018-01-01' });
  });
  afterAll(() => t.close());

  it('when B is recorded under X from 2022 and then A under B from 2021, then the second is refused: from 2022 A→B→X→A', async () => {
    await ok('/v1/units/B/move', { parentUnitId: 'X', effectiveFrom: '2022-01-01' });
    const problem = await refused(t.http, 422, () => t.http.post('/v1/units/A/move', { parentUnitId: 'B', effectiveFrom: '2021-01-01' }));
    expect(problem.type).toMatch(/unit-under-itself$/);
  });
});
