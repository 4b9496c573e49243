import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { listDuties, readDuty } from './duties.query';

describe('duty reads over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  let revised: number;

  const assign = (dutyId: string, unitId: string, effectiveFrom: string, more: Record<string, unknown> = {}) =>
    story.record(`duty-${dutyId}`, 'DutyAssigned', {
      dutyId,
      kind: 'primary',
      holder: { unitId },
      area: 'party-building',
      tags: [],
      title: `title ${dutyId}`,
      items: ['a'],
      scopeUnitIds: [],
      year: 2019,
      effectiveFrom,
      ...more,
    });

  beforeAll(async () => {
    for (const n of [1, 2, 3, 4, 5]) assign(`d${n}`, 'branch', '2019-01-01');
    assign('ideology', 'branch', '2019-01-01', { area: 'ideology', year: 2020 });
    assign('late', 'branch', '2019-07-01');
    story.record('duty-d2', 'DutyClosed', { dutyId: 'd2', effectiveFrom: '2019-06-01', reason: 'done' });
    revised = story.record('duty-d3', 'DutyRevised', { dutyId: 'd3', title: 'revised' });
    story.record('duty-d4', 'DutyReassigned', { dutyId: 'd4', holder: { unitId: 'college' }, effectiveFrom: '2019-06-01', reason: 'moved' });
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const read = (at: string, asOfPosition = story.head) => ({ asOfPosition, at });
  const ids = (page: { items: { dutyId: string }[] }) => page.items.map((d) => d.dutyId);

  it('when a duty is read, then its holder and status are judged at `at` and its holder history is whole', async () => {
    expect(await readDuty(store, 'd4', read('2019-05-31'))).toMatchObject({ status: 'open', holder: { unitId: 'branch' }, holders: [{ from: '2019-01-01' }, { from: '2019-06-01' }] });
    expect(await readDuty(store, 'd4', read('2019-06-01'))).toMatchObject({ holder: { unitId: 'college' } });
    expect(await readDuty(store, 'd2', read('2019-06-01'))).toMatchObject({ status: 'closed', closedOn: '2019-06-01' });
    expect(await readDuty(store, 'late', read('2019-06-30'))).toMatchObject({ status: 'pending', parentDutyId: null, areaNote: null });
  });

  it('when read as of a position before a revision, then the old wording; before assignment, then null', async () => {
    expect((await readDuty(store, 'd3', read('2019-06-01', revised - 10)))?.title).toBe('title d3');
    expect((await readDuty(store, 'd3', read('2019-06-01')))?.title).toBe('revised');
    expect(await readDuty(store, 'd1', read('2019-06-01', -1))).toBeNull();
    expect(await readDuty(store, 'nowhere', read('2019-06-01'))).toBeNull();
  });

  it('when duties are listed by holder unit and status, then both are judged at `at`', async () => {
    const all = { limit: 100 };
    expect(ids(await listDuties(store, { holderUnitId: 'branch', status: 'open' }, { ...read('2019-06-01'), ...all }))).toEqual(['d1', 'd3', 'd5', 'ideology']);
    expect(ids(await listDuties(store, { holderUnitId: 'college' }, { ...read('2019-06-01'), ...all }))).toEqual(['d4']);
    expect(ids(await listDuties(store, { holderUnitId: 'college' }, { ...read('2019-06-01', revised), ...all }))).toEqual([]);
    expect(ids(await listDuties(store, { status: 'pending' }, { ...read('2019-06-01'), ...all }))).toEqual(['late']);
    expect(ids(await listDuties(store, { area: 'ideology', year: 2020, kind: 'primary' }, { ...read('2019-06-01'), ...all }))).toEqual(['ideology']);
  });

  it('when paged, then every duty comes once, in id order, and the last page says so with a null cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listDuties(store, { holderUnitId: 'branch' }, { ...read('2019-12-31'), limit: 2, cursor });
      seen.push(...ids(page));
      if (page.nextCursor === null) break;
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).not.toBe(page.items.at(-1)?.dutyId); // opaque, not the raw id
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['d1', 'd2', 'd3', 'd5', 'ideology', 'late']);
  });
});
