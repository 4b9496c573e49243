import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { readDutyLoop } from './duty-loop.query';

/**
 * 考责 under supersession: P's 2024 assessment a1 names the dual duty; a2 replaces it naming another duty only; a3,
 * recorded later, replaces a2 and names the dual duty again. "assess" follows whichever is in force at `at`, as recorded.
 */
describe('the "assess" step of a duty’s loop over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  let beforeA3: number;

  const assessment = (assessmentId: string, dutyIds: string[], assessedOn: string, supersedes?: string) =>
    story.record(`assessment-${assessmentId}`, 'AssessmentRecorded', {
      assessmentId,
      subjectPersonId: 'P',
      year: 2024,
      methods: ['debriefing'],
      rating: 'good',
      dutyIds,
      findingIds: [],
      assessedByUnitId: 'root',
      assessedOn,
      ...(supersedes ? { supersedes } : {}),
    });

  beforeAll(async () => {
    story.record('unit-root', 'UnitRegistered', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2024-01-01' });
    story.record('unit-br', 'UnitRegistered', { unitId: 'br', name: '药学党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    story.record('person-P', 'PersonRegistered', { personId: 'P', name: '甲' });
    story.record('post-root-member', 'PersonAppointed', { personId: 'P', unitId: 'root', post: 'member', effectiveFrom: '2024-01-01' });
    for (const dutyId of ['d-dual', 'd-other'])
      story.record(`duty-${dutyId}`, 'DutyAssigned', {
        dutyId,
        kind: 'dual',
        holder: { unitId: 'root', post: 'member' },
        area: 'integrity',
        tags: [],
        title: dutyId,
        items: [],
        scopeUnitIds: ['br'],
        year: 2024,
        effectiveFrom: '2024-01-01',
      });
    assessment('a1', ['d-dual'], '2025-01-10');
    beforeA3 = assessment('a2', ['d-other'], '2025-02-10', 'a1');
    assessment('a3', ['d-dual'], '2025-03-10', 'a2');
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const assess = async (at: string, asOfPosition = story.head) =>
    (await readDutyLoop(store, 'd-dual', { year: 2024, at }, { asOfPosition, today: '2025-12-31' }))?.steps.find((s) => s.step === 'assess');

  it('when the replacement that does not name the duty is in force, then "assess" is not done; before its date, the first counts', async () => {
    expect(await assess('2025-02-28')).toEqual({ step: 'assess', done: false, dates: [], refs: [] });
    expect(await assess('2025-12-31', beforeA3)).toEqual({ step: 'assess', done: false, dates: [], refs: [] });
    expect(await assess('2025-02-09')).toEqual({ step: 'assess', done: true, dates: ['2025-01-10'], refs: ['a1'] });
  });

  it('when a later replacement names the duty again, then it counts, and only it', async () => {
    expect(await assess('2025-03-10')).toEqual({ step: 'assess', done: true, dates: ['2025-03-10'], refs: ['a3'] });
  });
});
