import { recordedSession } from '../support/recorded-session';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A report is a unit's when the unit authored it or a person in post in it on `submittedOn` did (DOMAIN §5.4); "missing"
 * counts the required kinds with no report (§5.6). A person on posts in two units reports for both: the committee's
 * figures must not call one of them missing when its own compliance and figures list the report.
 */
describe('figures over HTTP: a report by a person on posts in two units of the tree', () => {
  let t: TestApp;
  const { ok, get } = recordedSession(() => t, '2024-12-31');

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'b1', name: '药学党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'b2', name: '护理党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    await ok('/v1/people', { personId: 'wang', name: '王' });
    await ok('/v1/people/wang/appoint', { unitId: 'b1', post: 'secretary', effectiveFrom: '2024-01-01' });
    await ok('/v1/people/wang/appoint', { unitId: 'b2', post: 'member', effectiveFrom: '2024-01-01' });
    const report = (reportId: string, kind: string, author: object) =>
      ok('/v1/reports', { reportId, kind, ...author, year: 2024, dutyIds: [], summary: reportId, submittedOn: '2024-12-01' });
    await report('w-b1', 'written-report', { authorUnitId: 'b1' });
    await report('w-b2', 'written-report', { authorUnitId: 'b2' });
    await report('staff-wang', 'staff-report', { authorPersonId: 'wang' });
  });
  afterAll(() => t.close());

  it('when each branch’s compliance lists the staff report, then the committee’s figures owe neither branch a staff report', async () => {
    for (const unitId of ['b1', 'b2']) {
      const compliance = await get(`/v1/units/${unitId}/compliance/2024`);
      expect({ unitId, staff: compliance.reports.find((r: { kind: string }) => r.kind === 'staff-report') }).toEqual({
        unitId,
        staff: { kind: 'staff-report', count: 1, reportIds: ['staff-wang'] },
      });
      expect({ unitId, reports: (await get(`/v1/units/${unitId}/figures/2024`)).reports }).toMatchObject({ unitId, reports: { submitted: 2, missing: 0 } });
    }
    const figures = await get('/v1/units/root/figures/2024');
    expect(figures.reports).toEqual({
      submitted: 3,
      missing: 2,
      missingKinds: [
        { unitId: 'root', kind: 'written-report' },
        { unitId: 'root', kind: 'secretary-report' },
      ],
    });
  });
});
