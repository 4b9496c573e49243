import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { meetingYear, readCompliance } from './compliance.query';

describe('annual compliance over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  let registered: number;

  const unit = (unitId: string, name: string, kind: string, parentUnitId?: string) =>
    story.record(`unit-${unitId}`, 'UnitRegistered', { unitId, name, kind, ...(parentUnitId ? { parentUnitId } : {}), effectiveFrom: '2018-01-01' });
  const tenure = (type: string, personId: string, unitId: string, post: string, effectiveFrom: string) =>
    story.record(`post-${unitId}-${post}`, type, { personId, unitId, post, effectiveFrom });
  let meetings = 0;
  const meeting = (unitId: string, kind: string, heldOn: string) =>
    story.record(`meeting-m${++meetings}`, 'MeetingHeld', { meetingId: `m${meetings}`, unitId, kind, heldOn, attendeePersonIds: [], agenda: ['a'], decisions: [], dutyIds: [] });
  const report = (reportId: string, kind: string, author: Record<string, string>, year: number, submittedOn: string) =>
    story.record(`report-${reportId}`, 'ReportSubmitted', { reportId, kind, ...author, year, dutyIds: [], summary: 's', submittedOn });
  const finding = (findingId: string, occurredOn: string) =>
    story.record(`finding-${findingId}`, 'FindingRaised', {
      findingId,
      source: 'self-check',
      raisedByUnitId: 'branch',
      subjectUnitId: 'branch',
      area: 'conduct',
      tags: [],
      severity: 'low',
      description: 'd',
      occurredOn,
      dutyIds: [],
    });

  beforeAll(async () => {
    registered = unit('committee', '学校党委', 'party-committee');
    unit('discipline', '学校纪委', 'discipline-committee', 'committee');
    unit('branch', '药学总支', 'general-branch', 'committee');
    for (const id of ['S', 'X']) story.record(`person-${id}`, 'PersonRegistered', { personId: id, name: id });
    tenure('PersonAppointed', 'S', 'committee', 'secretary', '2018-01-01');
    tenure('PersonAppointed', 'X', 'committee', 'member', '2018-01-01');
    tenure('PersonRelieved', 'X', 'committee', 'member', '2020-03-01');
    meeting('committee', 'annual-deployment', '2020-02-20');
    meeting('committee', 'special', '2020-05-01');
    meeting('committee', 'mid-year-review', '2020-07-10');
    meeting('committee', 'year-end-summary', '2019-12-28');
    meeting('branch', 'task-setting', '2019-12-20');
    meeting('branch', 'progress-review', '2020-06-01');
    meeting('branch', 'task-setting', '2020-12-15');
    report('r-written', 'written-report', { authorUnitId: 'committee' }, 2020, '2020-12-20');
    report('r-secretary', 'secretary-report', { authorPersonId: 'S' }, 2020, '2020-12-28');
    report('r-gone', 'member-report', { authorPersonId: 'X' }, 2020, '2020-12-01');
    report('r-2019', 'written-report', { authorUnitId: 'committee' }, 2019, '2020-01-10');
    finding('f-open', '2020-03-01');
    finding('f-overdue', '2020-04-01');
    story.record('finding-f-overdue', 'RectificationPlanned', { findingId: 'f-overdue', plannedOn: '2020-04-10', measures: ['m'], deadline: '2020-06-30', responsiblePersonId: 'S' });
    finding('f-closed', '2020-05-01');
    story.record('finding-f-closed', 'FindingClosed', { findingId: 'f-closed', closedOn: '2020-05-20', reason: 'r' });
    finding('f-2019', '2019-05-01');
    finding('f-december', '2020-12-30');
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const read = (at: string, asOfPosition = story.head) => ({ asOfPosition, at });

  it('when a committee held only two of its annual meetings, then the year-end summary is listed as required and not held', async () => {
    const compliance = await readCompliance(store, 'committee', 2020, read('2020-12-31'));
    expect(compliance?.meetings).toEqual([
      { kind: 'annual-deployment', required: true, heldOn: ['2020-02-20'] },
      { kind: 'mid-year-review', required: true, heldOn: ['2020-07-10'] },
      { kind: 'year-end-summary', required: true, heldOn: [] },
      { kind: 'special', required: false, heldOn: ['2020-05-01'] },
    ]);
  });

  it('when read at a date inside the year, then only meetings held by then count', async () => {
    const compliance = await readCompliance(store, 'committee', 2020, read('2020-06-30'));
    expect(compliance?.meetings.find((m) => m.kind === 'mid-year-review')?.heldOn).toEqual([]);
  });

  it('when a secondary unit holds its task-setting meeting in December, then it counts for the next year', async () => {
    expect(meetingYear({ kind: 'task-setting', heldOn: '2019-12-20' })).toBe(2020);
    expect(meetingYear({ kind: 'progress-review', heldOn: '2019-12-20' })).toBe(2019);
    const y2020 = await readCompliance(store, 'branch', 2020, read('2021-12-31'));
    expect(y2020?.meetings).toEqual([
      { kind: 'task-setting', required: true, heldOn: ['2019-12-20'] },
      { kind: 'progress-review', required: true, heldOn: ['2020-06-01'] },
      { kind: 'review-evaluation', required: true, heldOn: [] },
    ]);
    expect((await readCompliance(store, 'branch', 2021, read('2021-12-31')))?.meetings[0]).toEqual({ kind: 'task-setting', required: true, heldOn: ['2020-12-15'] });
  });

  it('when the unit is the discipline committee, then no meeting is required', async () => {
    expect((await readCompliance(store, 'discipline', 2020, read('2020-12-31')))?.meetings).toEqual([]);
  });

  it('when reports are counted, then those of the year by the unit or by a person in post in it on the day, every kind listed', async () => {
    const compliance = await readCompliance(store, 'committee', 2020, read('2020-12-31'));
    expect(compliance?.reports).toEqual([
      { kind: 'member-report', count: 0, reportIds: [] },
      { kind: 'written-report', count: 1, reportIds: ['r-written'] },
      { kind: 'secretary-report', count: 1, reportIds: ['r-secretary'] },
      { kind: 'staff-report', count: 0, reportIds: [] },
    ]);
    expect((await readCompliance(store, 'committee', 2020, read('2020-12-27')))?.reports[2]).toEqual({ kind: 'secretary-report', count: 0, reportIds: [] });
  });

  it('when findings are counted, then those that occurred in the year, by status at `at`', async () => {
    expect((await readCompliance(store, 'branch', 2020, read('2020-12-31')))?.findings).toEqual({ open: 2, planned: 0, overdue: 1, completed: 0, verified: 0, closed: 1 });
    expect((await readCompliance(store, 'branch', 2020, read('2020-06-30')))?.findings).toEqual({ open: 1, planned: 1, overdue: 0, completed: 0, verified: 0, closed: 1 });
  });

  it('when the unit was not recorded as of the position, then null', async () => {
    expect(await readCompliance(store, 'committee', 2020, read('2020-12-31', registered - 10))).toBeNull();
    expect(await readCompliance(store, 'nowhere', 2020, read('2020-12-31'))).toBeNull();
  });
});
