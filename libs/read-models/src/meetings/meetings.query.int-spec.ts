import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { findReports, readReport } from '../reports/reports.query';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { findMeetings, readMeeting } from './meetings.query';

describe('meeting and report reads over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  let first: number;

  beforeAll(async () => {
    const meeting = (meetingId: string, unitId: string, kind: string, dutyIds: string[]) =>
      story.record(`meeting-${meetingId}`, 'MeetingHeld', { meetingId, unitId, kind, heldOn: '2020-03-01', attendeePersonIds: [], agenda: ['a'], decisions: [], dutyIds });
    first = meeting('m1', 'committee', 'annual-deployment', ['d1']);
    meeting('m2', 'committee', 'special', ['d1', 'd2']);
    meeting('m3', 'branch', 'task-setting', []);
    story.record('report-r1', 'ReportSubmitted', { reportId: 'r1', kind: 'member-report', authorPersonId: 'C', year: 2020, dutyIds: ['d2'], summary: 's', submittedOn: '2020-12-01' });
    story.record('report-r2', 'ReportSubmitted', { reportId: 'r2', kind: 'written-report', authorUnitId: 'committee', year: 2020, dutyIds: [], summary: 's', submittedOn: '2020-12-05' });
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  it('when meetings are looked up by unit, kind or duty, then by index, as recorded at the position', async () => {
    const head = { asOfPosition: story.head };
    expect((await findMeetings(store, { unitId: 'committee' }, head)).map((m) => m.meetingId)).toEqual(['m1', 'm2']);
    expect((await findMeetings(store, { dutyIds: 'd2' }, head)).map((m) => m.meetingId)).toEqual(['m2']);
    expect((await findMeetings(store, { unitId: 'committee' }, { asOfPosition: first })).map((m) => m.meetingId)).toEqual(['m1']);
    expect(await readMeeting(store, 'm3', head)).toMatchObject({ unitId: 'branch', kind: 'task-setting' });
    expect(await readMeeting(store, 'm3', { asOfPosition: first })).toBeNull();
  });

  it('when reports are looked up by author, year or duty, then by index', async () => {
    const head = { asOfPosition: story.head };
    expect((await findReports(store, { year: 2020 }, head)).map((r) => r.reportId)).toEqual(['r1', 'r2']);
    expect((await findReports(store, { authorPersonId: 'C' }, head)).map((r) => r.reportId)).toEqual(['r1']);
    expect((await findReports(store, { authorUnitId: 'committee', kind: 'written-report' }, head)).map((r) => r.reportId)).toEqual(['r2']);
    expect(await readReport(store, 'r1', head)).toMatchObject({ kind: 'member-report', dutyIds: ['d2'] });
    expect(await readReport(store, 'nowhere', head)).toBeNull();
  });
});
