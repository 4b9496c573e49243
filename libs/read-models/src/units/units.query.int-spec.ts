import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { readChain } from '../chain/chain.query';
import { readPerson } from '../people/people.query';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { ancestorsAt, childrenAt, readUnit } from './units.query';

/** Units over time (renamed, moved, dissolved) and people with their posts, read at business dates and record positions. */
describe('unit and person reads over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  let beforeMove: number;

  beforeAll(async () => {
    story.record('unit-root', 'UnitRegistered', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    story.record('unit-college', 'UnitRegistered', { unitId: 'college', name: '药学院', kind: 'college', parentUnitId: 'root', effectiveFrom: '2018-01-01' });
    story.record('unit-other', 'UnitRegistered', { unitId: 'other', name: '医学院', kind: 'college', parentUnitId: 'root', effectiveFrom: '2018-01-01' });
    story.record('unit-branch', 'UnitRegistered', { unitId: 'branch', name: '药学院党支部', kind: 'branch', parentUnitId: 'college', effectiveFrom: '2018-03-01' });
    beforeMove = story.record('unit-branch', 'UnitRenamed', { unitId: 'branch', name: '药学党支部', effectiveFrom: '2019-01-01' });
    story.record('unit-branch', 'UnitMoved', { unitId: 'branch', parentUnitId: 'other', effectiveFrom: '2020-01-01' });
    story.record('unit-branch', 'UnitDissolved', { unitId: 'branch', effectiveFrom: '2021-01-01', reason: 'merged' });
    story.record('duty-p', 'DutyAssigned', {
      dutyId: 'p',
      kind: 'primary',
      holder: { unitId: 'branch' },
      area: 'party-building',
      tags: [],
      title: 'p',
      items: [],
      scopeUnitIds: [],
      year: 2020,
      effectiveFrom: '2020-01-01',
    });
    story.record('person-A', 'PersonRegistered', { personId: 'A', name: '甲' });
    story.record('post-branch-secretary', 'PersonAppointed', { personId: 'A', unitId: 'branch', post: 'secretary', effectiveFrom: '2018-03-01' });
    story.record('post-branch-secretary', 'PersonRelieved', { personId: 'A', unitId: 'branch', post: 'secretary', effectiveFrom: '2021-01-01' });
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const read = (at: string, asOfPosition = story.head) => ({ asOfPosition, at });

  it('when a unit is read at dates, then name, parent and status are those of the date, with the whole history', async () => {
    expect(await readUnit(store, 'branch', read('2018-12-31'))).toMatchObject({ name: '药学院党支部', parentUnitId: 'college', status: 'active', registeredOn: '2018-03-01' });
    expect(await readUnit(store, 'branch', read('2020-06-01'))).toEqual({
      unitId: 'branch',
      name: '药学党支部',
      kind: 'branch',
      parentUnitId: 'other',
      status: 'active',
      registeredOn: '2018-03-01',
      dissolvedOn: '2021-01-01',
      names: [
        { from: '2018-03-01', name: '药学院党支部' },
        { from: '2019-01-01', name: '药学党支部' },
      ],
      parents: [
        { from: '2018-03-01', parentUnitId: 'college' },
        { from: '2020-01-01', parentUnitId: 'other' },
      ],
    });
    expect(await readUnit(store, 'branch', read('2021-01-01'))).toMatchObject({ status: 'dissolved' });
    expect(await readUnit(store, 'root', read('2018-01-01'))).toMatchObject({ parentUnitId: null });
  });

  it('when a unit is read before its registration date or before it was recorded, then null', async () => {
    expect(await readUnit(store, 'branch', read('2018-02-28'))).toBeNull();
    expect(await readUnit(store, 'branch', read('2020-06-01', 10))).toBeNull();
  });

  it('when read as of a position before the move was recorded, then the old parent even at a later date', async () => {
    expect(await readUnit(store, 'branch', read('2020-06-01', beforeMove))).toMatchObject({ parentUnitId: 'college', dissolvedOn: null });
    expect(await ancestorsAt(store, 'branch', read('2020-06-01', beforeMove))).toEqual(['college', 'root']);
    expect(await ancestorsAt(store, 'branch', read('2020-06-01'))).toEqual(['other', 'root']);
  });

  it('when children are looked up, then by the parent on the date', async () => {
    const children = async (parent: string, at: string) => (await childrenAt(store, [parent], read(at))).map((u) => u.unitId).sort();
    expect(await children('college', '2019-06-01')).toEqual(['branch']);
    expect(await children('college', '2020-06-01')).toEqual([]);
    expect(await children('other', '2020-06-01')).toEqual(['branch']);
    expect(await children('root', '2017-12-31')).toEqual([]);
  });

  it('when a dissolved unit’s chain is read from its dissolution date, then there is none (404) though the unit reads as dissolved; the day before, it answers', async () => {
    expect(await readChain(store, 'branch', read('2021-01-01'))).toBeNull();
    expect(await readUnit(store, 'branch', read('2021-01-01'))).toMatchObject({ status: 'dissolved', dissolvedOn: '2021-01-01' });
    expect(await readChain(store, 'branch', read('2021-06-01'))).toBeNull();
    expect(await readChain(store, 'branch', read('2020-12-31'))).toMatchObject({
      unit: { status: 'active', dissolvedOn: '2021-01-01' },
      duties: [{ dutyId: 'p', holder: { unitId: 'branch', persons: [] } }],
    });
    // As of a position before the dissolution was recorded, the unit was still registered on that date.
    expect(await readChain(store, 'branch', read('2021-06-01', beforeMove))).toMatchObject({ unit: { status: 'active', dissolvedOn: null } });
  });

  it('when a person is read, then their posts carry half-open periods, current judged at `at`', async () => {
    const post = { unitId: 'branch', post: 'secretary', from: '2018-03-01', to: '2021-01-01' };
    expect(await readPerson(store, 'A', read('2020-12-31'))).toEqual({ personId: 'A', name: '甲', posts: [{ ...post, current: true }] });
    expect(await readPerson(store, 'A', read('2021-01-01'))).toEqual({ personId: 'A', name: '甲', posts: [{ ...post, current: false }] });
    expect(await readPerson(store, 'A', read('2021-01-01', beforeMove))).toBeNull();
  });
});
