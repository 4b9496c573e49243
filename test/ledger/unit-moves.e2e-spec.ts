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

  /** Rounds of A moved under B by `one` and B under A by `two` at once: each allowed alone, a cycle together. */
  const crossMoves = async (one: TestApp, two: TestApp, prefix: string) => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = [`${prefix}A${round}`, `${prefix}B${round}`];
      await ok('/v1/units', { unitId: a, name: a, kind: 'general-branch', parentUnitId: 'R', effectiveFrom: '2018-01-01' });
      await ok('/v1/units', { unitId: b, name: b, kind: 'general-branch', parentUnitId: 'R', effectiveFrom: '2018-01-01' });
      const replies = await Promise.all([
        one.http.post(`/v1/units/${a}/move`, { parentUnitId: b, effectiveFrom: '2020-01-01' }),
        two.http.post(`/v1/units/${b}/move`, { parentUnitId: a, effectiveFrom: '2020-01-01' }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(replies.find((r) => r.status === 422)!.body.type).toMatch(/unit-under-itself$/);
    }
  };
  const movesRecorded = async () => (await t.http.get('/v1/streams/guard-unit-tree-moves')).body.events.length;

  it('when A is moved under B and B under A at once, then exactly one is written: the other, decided after it, is refused as a cycle', async () => {
    const before = await movesRecorded();
    await crossMoves(t, t, 'P');
    expect(await movesRecorded()).toBe(before + 10);
  });

  it('when two processes on one log move A under B and B under A at once, then exactly one is written', async () => {
    const two = await startTestApp({ DATA_DIR: t.dataDir, PROJECTIONS: 'off' });
    try {
      const before = await movesRecorded();
      await crossMoves(t, two, 'Q');
      expect(await movesRecorded()).toBe(before + 10);
    } finally {
      await two.close();
    }
  });
});
