import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { readChain, type ChainDuty } from './chain.query';
import { unitCoverage } from './unit-coverage';

/**
 * A committee with a branch and a discipline committee. A is the committee's secretary from 2018-06-01, relieved on
 * 2020-09-01, and B from then; the first duty on the secretary post is delegated to the branch and on to its vacant
 * secretary post; a member's dual duty covers the branch; the discipline committee holds the supervisory duty.
 */
describe('responsibility chain over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  let beforeRelief: number;
  let beforeAppointment: number;

  const unit = (unitId: string, name: string, kind: string, parentUnitId: string | undefined, effectiveFrom: string) =>
    story.record(`unit-${unitId}`, 'UnitRegistered', { unitId, name, kind, ...(parentUnitId ? { parentUnitId } : {}), effectiveFrom });
  const person = (personId: string, name: string) => story.record(`person-${personId}`, 'PersonRegistered', { personId, name });
  const tenure = (type: string, personId: string, unitId: string, post: string, effectiveFrom: string) =>
    story.record(`post-${unitId}-${post}`, type, { personId, unitId, post, effectiveFrom });
  const duty = (dutyId: string, kind: string, holder: { unitId: string; post?: string }, area: string, effectiveFrom: string, more: Record<string, unknown> = {}) =>
    story.record(`duty-${dutyId}`, 'DutyAssigned', { dutyId, kind, holder, area, tags: [], title: dutyId, items: ['item'], scopeUnitIds: [], year: 2019, effectiveFrom, ...more });

  beforeAll(async () => {
    unit('committee', '学校党委', 'party-committee', undefined, '2018-01-01');
    unit('branch', '药学院党总支', 'general-branch', 'committee', '2018-01-01');
    unit('discipline', '学校纪委', 'discipline-committee', 'committee', '2018-01-01');
    person('A', '甲');
    person('B', '乙');
    person('C', '丙');
    tenure('PersonAppointed', 'A', 'committee', 'secretary', '2018-06-01');
    tenure('PersonAppointed', 'C', 'committee', 'member', '2018-06-01');
    duty('first-2019', 'first', { unitId: 'committee', post: 'secretary' }, 'party-building', '2019-01-14');
    duty('primary-2019', 'primary', { unitId: 'committee' }, 'party-building', '2019-01-14');
    duty('dual-2019', 'dual', { unitId: 'committee', post: 'member' }, 'integrity', '2019-01-14', { scopeUnitIds: ['branch'] });
    duty('supervisory-2019', 'supervisory', { unitId: 'discipline' }, 'integrity', '2019-01-14');
    duty('branch-primary-2019', 'primary', { unitId: 'branch' }, 'party-building', '2019-02-01', { parentDutyId: 'first-2019' });
    duty('branch-secretary-2019', 'first', { unitId: 'branch', post: 'secretary' }, 'party-building', '2019-03-01', { parentDutyId: 'branch-primary-2019' });
    duty('branch-old', 'primary', { unitId: 'branch' }, 'party-building', '2019-02-01', { parentDutyId: 'first-2019' });
    beforeRelief = story.record('duty-branch-old', 'DutyClosed', { dutyId: 'branch-old', effectiveFrom: '2019-05-01', reason: 'merged into branch-primary-2019' });
    beforeAppointment = tenure('PersonRelieved', 'A', 'committee', 'secretary', '2020-09-01');
    tenure('PersonAppointed', 'B', 'committee', 'secretary', '2020-09-01');
    unit('later', '新设支部', 'branch', 'committee', '2022-01-01');
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const chain = async (unitId: string, at: string, asOfPosition = story.head) => readChain(store, unitId, { asOfPosition, at });
  const ids = (duties: readonly { dutyId: string }[] | undefined) => duties?.map((d) => d.dutyId);
  const firstDutyPersons = async (at: string, asOfPosition?: number) =>
    (await chain('branch', at, asOfPosition))?.coveredBy.find((d) => d.dutyId === 'first-2019')?.holder.persons;

  it('when read the day before the change, then the first duty covering the branch names A', async () => {
    expect(await firstDutyPersons('2020-08-31')).toEqual([{ personId: 'A', name: '甲' }]);
  });

  it('when read on the day of the change, then it names B', async () => {
    expect(await firstDutyPersons('2020-09-01')).toEqual([{ personId: 'B', name: '乙' }]);
  });

  it('when read as of a position before the relief was recorded, then it names A even in 2021', async () => {
    expect(await firstDutyPersons('2021-01-01', beforeRelief)).toEqual([{ personId: 'A', name: '甲' }]);
  });

  it('when read as of the relief but before B was recorded, then the post is vacant', async () => {
    expect(await firstDutyPersons('2021-01-01', beforeAppointment)).toEqual([]);
  });

  it('when read the day before any assignment, then the branch has no duty and is covered by none', async () => {
    expect(await chain('branch', '2019-01-13')).toMatchObject({ unit: { unitId: 'branch', status: 'active' }, duties: [], coveredBy: [] });
  });

  it('when the branch is read, then its own open duties carry their delegation chain, nearest first, and the vacant post has no persons', async () => {
    const branch = await chain('branch', '2019-06-01');
    expect(ids(branch?.duties)).toEqual(['branch-primary-2019', 'branch-secretary-2019']);
    const [primary, secretary] = branch!.duties;
    expect(primary).toEqual<ChainDuty>({
      dutyId: 'branch-primary-2019',
      kind: 'primary',
      area: 'party-building',
      title: 'branch-primary-2019',
      status: 'open',
      holder: { unitId: 'branch', persons: [] },
      ancestors: [{ dutyId: 'first-2019', kind: 'first', area: 'party-building', title: 'first-2019', status: 'open', holder: { unitId: 'committee', post: 'secretary', persons: [{ personId: 'A', name: '甲' }] } }],
      delegates: [{ dutyId: 'branch-secretary-2019', kind: 'first', area: 'party-building', title: 'branch-secretary-2019', status: 'open', holder: { unitId: 'branch', post: 'secretary', persons: [] } }],
    });
    expect(ids(secretary.ancestors)).toEqual(['branch-primary-2019', 'first-2019']);
    expect(secretary.holder).toEqual({ unitId: 'branch', post: 'secretary', persons: [] });
  });

  it('when the branch is read, then primary and first of the committee, the dual duty over it and the supervisory duty cover it', async () => {
    const branch = await chain('branch', '2019-06-01');
    expect(ids(branch?.coveredBy)).toEqual(['dual-2019', 'first-2019', 'primary-2019', 'supervisory-2019']);
    expect(branch?.coveredBy[0].holder).toEqual({ unitId: 'committee', post: 'member', persons: [{ personId: 'C', name: '丙' }] });
  });

  it('when the committee is read, then its duties list their open delegates only, and only the supervisory duty covers it', async () => {
    const committee = await chain('committee', '2019-06-01');
    expect(ids(committee?.duties)).toEqual(['dual-2019', 'first-2019', 'primary-2019']);
    expect(ids(committee?.duties[1].delegates)).toEqual(['branch-primary-2019']);
    expect(ids((await chain('committee', '2019-04-01'))?.duties[1].delegates)).toEqual(['branch-old', 'branch-primary-2019']);
    expect(ids(committee?.coveredBy)).toEqual(['supervisory-2019']);
  });

  it('when the discipline committee is read, then its own supervisory duty is not among those covering it', async () => {
    const discipline = await chain('discipline', '2019-06-01');
    expect(ids(discipline?.duties)).toEqual(['supervisory-2019']);
    expect(ids(discipline?.coveredBy)).toEqual(['first-2019', 'primary-2019']);
  });

  it('when a unit is read before it is registered, or before it was recorded, or never existed, then null', async () => {
    expect(await chain('later', '2021-12-31')).toBeNull();
    expect(await chain('later', '2022-01-01')).toMatchObject({ unit: { unitId: 'later', parentUnitId: 'committee' } });
    expect(await chain('later', '2022-01-01', beforeAppointment)).toBeNull();
    expect(await chain('nowhere', '2022-01-01')).toBeNull();
  });

  it('when the coverage is computed for the trail, then each duty over the unit comes with who held its post that day', async () => {
    const coverage = await unitCoverage(store, 'branch', { asOfPosition: story.head, at: '2020-09-01' });
    expect(coverage?.ancestorUnitIds).toEqual(['committee']);
    expect(coverage?.own.map((e) => [e.duty.dutyId, e.holder])).toEqual([
      ['branch-primary-2019', { unitId: 'branch', persons: [] }],
      ['branch-secretary-2019', { unitId: 'branch', post: 'secretary', persons: [] }],
    ]);
    expect(coverage?.coveredBy.map((e) => [e.duty.dutyId, e.duty.kind, e.holder.persons.map((p) => p.personId)])).toEqual([
      ['dual-2019', 'dual', ['C']],
      ['first-2019', 'first', ['B']],
      ['primary-2019', 'primary', []],
      ['supervisory-2019', 'supervisory', []],
    ]);
  });
});
