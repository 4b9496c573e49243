import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { readFigures } from '@duty-ledger/read-models/figures/figures.query';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 6 on the seeded university: one complete loop, one broken at "assess", and the committee's figures exactly. */
describe('the closed loop of a duty and the figures a committee reports', () => {
  let t: TestApp;
  let seeded: number;

  beforeAll(async () => {
    t = await startTestApp();
    seeded = (await seed(t.app, UNIVERSITY)).lastPosition;
  });
  afterAll(() => t.close());

  /** The position just before a command's first event: its answer's `position` is its last (a guard's, say). */
  const before = async ({ streamId, revision }: { streamId: string; revision: number }) =>
    ((await t.http.get(`/v1/streams/${streamId}?limit=1000`)).body.events as { revision: number; position: number }[]).find((e) => e.revision === revision)!.position - 1;

  const loop = async (dutyId: string, query = '') => {
    const reply = await t.http.get(`/v1/duties/${dutyId}/loop?year=2019&consistentWith=${seeded}${query}`, { role: 'inspector' });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('when the pharmacy branch’s primary duty is read for 2019 once the annual assessment is in, then all six steps are done', async () => {
    // The 2019 assessment was made on 2020-01-15: read at the year's end (the default), "assess" is still open.
    expect((await loop('2019-pharmacy-primary')).firstMissing).toBe('assess');
    const body = await loop('2019-pharmacy-primary', '&at=2020-06-30');
    expect(body.steps.map((s: { step: string; done: boolean }) => [s.step, s.done])).toEqual([
      ['know', true],
      ['clarify', true],
      ['perform', true],
      ['supervise', true],
      ['assess', true],
      ['account', true],
    ]);
    expect(body.firstMissing).toBeNull();
    expect(body.steps[0]).toMatchObject({ dates: ['2019-01-25'], refs: ['zhou'] });
    expect(body.steps[4]).toMatchObject({ dates: ['2020-01-15'], refs: ['a-2019-pharmacy'] });
  });

  it('when the committee’s 2019 figures are read, then form 1 is most but not all accountability, and meetings and reports are counted', async () => {
    const reply = await t.http.get(`/v1/units/suhms-committee/figures/2019?at=2020-06-30&consistentWith=${seeded}`, { role: 'inspector' });
    expect(reply.status).toBe(200);
    expect(reply.body.accountability).toEqual({ byForm: { '1': 2, '2': 1, '3': 0, '4': 0 }, byRole: { direct: 1, leadership: 2 }, formOneShare: 2 / 3, total: 3 });
    expect(reply.body.rectification).toEqual({ onTime: 2, late: 0, overdue: 0, relapsed: 1, findings: 2 });
    expect(reply.body.meetings).toMatchObject({ held: 6, missing: 12 });
    expect(reply.body.reports).toMatchObject({ submitted: 5, missing: 8 });
    expect(reply.body.assessments.byRating).toEqual({ excellent: 0, good: 1, fair: 0, poor: 0 });
  });

  it('when Chen’s dual duty is read, then its loop is broken at "assess" — and stays so as of a position before a later assessment', async () => {
    expect((await loop('2019-dual-chen', '&at=2020-06-30')).firstMissing).toBe('assess');
    const assessed = await t.http.post('/v1/assessments', {
      subjectPersonId: 'chen',
      year: 2019,
      methods: ['debriefing'],
      rating: 'good',
      dutyIds: ['2019-dual-chen'],
      findingIds: [],
      assessedByUnitId: 'suhms-committee',
      assessedOn: '2020-01-16',
    });
    expect(assessed.status).toBe(201);
    const now = await t.http.get(`/v1/duties/2019-dual-chen/loop?year=2019&at=2020-12-31&consistentWith=${assessed.body.position}`);
    expect(now.body.firstMissing).toBeNull();
    const earlier = await t.http.get(`/v1/duties/2019-dual-chen/loop?year=2019&at=2020-12-31&asOfPosition=${await before(assessed.body)}`);
    expect(earlier.body.firstMissing).toBe('assess');
  });

  it('when the figures are read before a decision was revoked… then after, the revoked decision drops out', async () => {
    const revoked = await t.http.post('/v1/accountability/k-2019-zhou/revoke', { revokedOn: '2019-12-30', reason: '复核撤销' }, { role: 'discipline' });
    expect(revoked.status).toBe(201);
    const after = await t.http.get(`/v1/units/suhms-committee/figures/2019?at=2019-12-31&consistentWith=${revoked.body.position}`);
    expect(after.body.accountability.byForm).toEqual({ '1': 1, '2': 1, '3': 0, '4': 0 });
    const asOfBefore = await t.http.get(`/v1/units/suhms-committee/figures/2019?at=2019-12-31&asOfPosition=${revoked.body.position - 1}`);
    expect(asOfBefore.body.accountability.byForm).toEqual({ '1': 2, '2': 1, '3': 0, '4': 0 });
  });

  it('when a report and an assessment name only a person, then they count for the unit of the post held, not for another unit', async () => {
    const figures = async (unitId: string, position: number) =>
      (await t.http.get(`/v1/units/${unitId}/figures/2019?at=2020-06-30&consistentWith=${position}`, { role: 'inspector' })).body;
    const [nursing, pharmacy] = [await figures('nursing-branch', seeded), await figures('pharmacy-branch', seeded)];
    const report = await t.http.post('/v1/reports', {
      reportId: 'r-2019-wu-staff',
      kind: 'staff-report',
      authorPersonId: 'wu',
      year: 2019,
      dutyIds: ['2019-nursing-primary'],
      summary: '向教职工报告',
      submittedOn: '2019-12-21',
    });
    expect(report.status).toBe(201);
    const assessed = await t.http.post('/v1/assessments', {
      subjectPersonId: 'wu',
      year: 2019,
      methods: ['debriefing'],
      rating: 'excellent',
      dutyIds: ['2019-nursing-primary'],
      findingIds: [],
      assessedByUnitId: 'suhms-committee',
      assessedOn: '2020-01-10',
    });
    expect(assessed.status).toBe(201);
    const after = await figures('nursing-branch', assessed.body.position);
    expect(after.reports).toMatchObject({ submitted: nursing.reports.submitted + 1, missing: nursing.reports.missing - 1 });
    expect(after.assessments.byRating.excellent).toBe(nursing.assessments.byRating.excellent + 1);
    const withoutMeta = ({ meta: _meta, ...answer }: Record<string, unknown>) => answer;
    expect(withoutMeta(await figures('pharmacy-branch', assessed.body.position))).toEqual(withoutMeta(pharmacy));
  });

  it('when a year or a unit is malformed or unknown, then 400 or 404', async () => {
    expect((await t.http.get('/v1/units/suhms-committee/figures/19')).status).toBe(400);
    expect((await t.http.get('/v1/units/nowhere/figures/2019')).status).toBe(404);
    expect((await t.http.get('/v1/duties/nothing/loop')).status).toBe(404);
    expect((await t.http.get('/v1/duties/2019-first/loop?year=soon')).status).toBe(400);
  });
  it('when the pharmacy branch’s 2019 assessment is superseded by one that no longer names its primary duty, then that loop is broken at "assess" again', async () => {
    const replaced = await t.http.post('/v1/assessments', {
      assessmentId: 'a-2019-pharmacy-review',
      subjectUnitId: 'pharmacy-branch',
      year: 2019,
      methods: ['document-review'],
      rating: 'fair',
      dutyIds: ['2019-pharmacy-first'],
      findingIds: [],
      assessedByUnitId: 'suhms-committee',
      assessedOn: '2020-03-02',
      supersedes: 'a-2019-pharmacy',
    });
    expect(replaced.status).toBe(201);
    const assess = async (dutyId: string, query: string) => {
      const reply = await t.http.get(`/v1/duties/${dutyId}/loop?year=2019&${query}`, { role: 'inspector' });
      expect(reply.status).toBe(200);
      return reply.body.steps.find((s: { step: string }) => s.step === 'assess');
    };
    const position = replaced.body.position as number;
    expect(await assess('2019-pharmacy-primary', `at=2020-06-30&consistentWith=${position}`)).toEqual({ step: 'assess', done: false, dates: [], refs: [] });
    expect(await assess('2019-pharmacy-first', `at=2020-06-30&consistentWith=${position}`)).toEqual({ step: 'assess', done: true, dates: ['2020-03-02'], refs: ['a-2019-pharmacy-review'] });
    // Before the replacement's date, or as of a position before it was recorded, the first assessment still stands.
    const stands = { step: 'assess', done: true, dates: ['2020-01-15'], refs: ['a-2019-pharmacy'] };
    expect(await assess('2019-pharmacy-primary', `at=2020-03-01&consistentWith=${position}`)).toEqual(stands);
    expect(await assess('2019-pharmacy-primary', `at=2020-06-30&asOfPosition=${await before(replaced.body)}`)).toEqual(stands);
    // The figures count the replacement, not the first: the loop and the figures agree.
    const figures = await t.http.get(`/v1/units/pharmacy-branch/figures/2019?at=2020-06-30&consistentWith=${position}`, { role: 'inspector' });
    expect(figures.body.assessments.byRating).toEqual({ excellent: 0, good: 0, fair: 1, poor: 0 });
  });

  it('when a unit was dissolved before the year or registered after it, then it owes none of that year’s meetings and reports', async () => {
    const figures = async (position: number) => {
      const reply = await t.http.get(`/v1/units/suhms-committee/figures/2019?at=2020-06-30&consistentWith=${position}`, { role: 'inspector' });
      expect(reply.status).toBe(200);
      return reply.body;
    };
    const before = await figures(seeded);
    const ok = async (path: string, body: unknown) => {
      const reply = await t.http.post(path, body);
      expect({ path, status: reply.status }).toEqual({ path, status: 201 });
      return reply.body.position as number;
    };
    await ok('/v1/units', { unitId: 'gone-dept', name: '已撤销处室', kind: 'department', parentUnitId: 'suhms-committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/units/gone-dept/dissolve', { effectiveFrom: '2019-01-01', reason: '机构调整' });
    const last = await ok('/v1/units', { unitId: 'new-dept', name: '新设处室', kind: 'department', parentUnitId: 'suhms-committee', effectiveFrom: '2020-03-01' });
    const after = await figures(last);
    expect(after.meetings).toEqual(before.meetings);
    expect(after.reports).toEqual(before.reports);
    // Each owes the years it was registered in.
    expect((await t.http.get(`/v1/units/new-dept/figures/2020?consistentWith=${last}`, { role: 'inspector' })).body.meetings.missing).toBe(3);
    expect((await t.http.get(`/v1/units/gone-dept/figures/2018?consistentWith=${last}`, { role: 'inspector' })).body.reports.missing).toBe(2);
    // Its compliance of a year it was not registered in requires no meeting; of a year it was, the three.
    const compliance = async (year: number) => (await t.http.get(`/v1/units/gone-dept/compliance/${year}?consistentWith=${last}`, { role: 'inspector' })).body.meetings;
    expect(await compliance(2019)).toEqual([]);
    expect((await compliance(2018)).map((m: { required: boolean }) => m.required)).toEqual([true, true, true]);
  });

  it('when a duty holds no day of the year (closed on the day it starts, or the year begins after `at`), then "clarify" is not done', async () => {
    const assign = await t.http.post('/v1/duties', {
      dutyId: 'void-2020',
      kind: 'primary',
      holder: { unitId: 'suhms-committee' },
      area: 'integrity',
      title: '当日撤销的责任',
      items: [],
      scopeUnitIds: [],
      year: 2020,
      effectiveFrom: '2020-03-01',
    });
    expect(assign.status).toBe(201);
    const closed = await t.http.post('/v1/duties/void-2020/close', { effectiveFrom: '2020-03-01', reason: '误派' });
    expect(closed.status).toBe(201);
    const clarify = async (dutyId: string, query: string) => {
      const reply = await t.http.get(`/v1/duties/${dutyId}/loop?${query}&consistentWith=${closed.body.position}`, { role: 'inspector' });
      expect(reply.status).toBe(200);
      return reply.body.steps.find((s: { step: string }) => s.step === 'clarify').done;
    };
    expect(await clarify('void-2020', 'year=2020&at=2020-12-31')).toBe(false);
    expect(await clarify('2019-pharmacy-primary', 'year=2019&at=2019-12-31')).toBe(true);
    expect(await clarify('2019-pharmacy-primary', 'year=2020&at=2019-12-31')).toBe(false);
  });

  it('when the figures of a tree are read by the year instead of by its units (as a province’s are), then they are the same figures', async () => {
    const store = t.app.get<ReadStore>(READ_STORE);
    const cases = ['suhms-committee', 'nursing-branch', 'pharmacy-branch'].flatMap((unitId) =>
      [2018, 2019, 2020].flatMap((year) => [`${year}-06-30`, `${year + 1}-06-30`].flatMap((at) => [seeded, Math.floor((seeded * 3) / 4)].map((asOfPosition) => ({ unitId, year, at, asOfPosition })))),
    );
    let counted = 0;
    for (const { unitId, year, at, asOfPosition } of cases) {
      const [byUnits, byYear] = await Promise.all([Infinity, 0].map((wideFrom) => readFigures(store, unitId, year, { asOfPosition, at }, { wideFrom })));
      expect({ unitId, year, at, asOfPosition, figures: byYear }).toEqual({ unitId, year, at, asOfPosition, figures: byUnits });
      if (byUnits && byUnits.meetings.held + byUnits.reports.submitted + byUnits.accountability.total + byUnits.rectification.findings > 0) counted++;
    }
    // Not a comparison of empty answers.
    expect(counted).toBeGreaterThanOrEqual(4);
  });
});
