import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { startTestApp, type TestApp } from '../support/test-app';

/** The demo university goes through the same command handlers as HTTP, and seeding twice writes nothing more. */
describe('demo data: cli seed', () => {
  let t: TestApp;
  let lastPosition: number;

  beforeAll(async () => {
    t = await startTestApp();
    const first = await seed(t.app, UNIVERSITY);
    expect(first).toMatchObject({ written: UNIVERSITY.length, replayed: 0 });
    lastPosition = first.lastPosition;
  });
  afterAll(() => t.close());

  it('when seeded twice, then the second run writes nothing', async () => {
    const before = await t.http.eventCount();
    expect(await seed(t.app, UNIVERSITY)).toMatchObject({ written: 0, replayed: UNIVERSITY.length });
    expect(await t.http.eventCount()).toBe(before);
  });

  it('when a folder seeded by an earlier version of the demo, which worded a command otherwise, is seeded again, then that command is kept as it was and the rest written', async () => {
    const other = await startTestApp();
    try {
      const earlier = UNIVERSITY.map((command, i) => (i === 1 && command.type === 'RegisterUnit' ? { ...command, name: `${command.name}（旧称）` } : command));
      await seed(other.app, earlier.slice(0, 2));
      expect(await seed(other.app, UNIVERSITY)).toMatchObject({ written: UNIVERSITY.length - 2, replayed: 1, keptFromEarlier: 1 });
    } finally {
      await other.close();
    }
  });

  it('when the pharmacy branch chain is read, then the committee secretary covers it — Wang before September 2020, Li after', async () => {
    const persons = async (at: string) => {
      const chain = await t.http.get(`/v1/units/pharmacy-branch/chain?at=${at}&consistentWith=${lastPosition}`, { role: 'inspector' });
      expect(chain.status).toBe(200);
      return chain.body.coveredBy.find((d: { dutyId: string }) => d.dutyId === '2019-first').holder.persons.map((p: { name: string }) => p.name);
    };
    expect(await persons('2020-08-31')).toEqual(['王建华']);
    expect(await persons('2020-09-01')).toEqual(['李文清']);
  });

  it('when the branch chain is read in 2019, then its own duties, the dual duty over it and the supervisory duty are there', async () => {
    const chain = await t.http.get(`/v1/units/pharmacy-branch/chain?at=2019-06-01&consistentWith=${lastPosition}`);
    expect(chain.body.duties.map((d: { dutyId: string }) => d.dutyId)).toEqual(['2019-pharmacy-first', '2019-pharmacy-primary']);
    expect(chain.body.coveredBy.map((d: { dutyId: string }) => d.dutyId).sort()).toEqual(['2019-dual-chen', '2019-first', '2019-primary', '2019-supervisory']);
  });
});
