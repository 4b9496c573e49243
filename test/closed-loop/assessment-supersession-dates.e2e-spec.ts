import { recordedSession } from '../support/recorded-session';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * One assessment per subject and year (DOMAIN §4), however the replacements are dated: a replacement may be dated
 * before the assessment it replaces, and then it replaces that one's predecessor as well — never two in force at once.
 */
describe('a replacement assessment dated before the one it replaces', () => {
  let t: TestApp;
  const { ok, get } = recordedSession(() => t, '2021-12-10');
  const assessment = (assessmentId: string, rating: string, assessedOn: string, supersedes?: string) => ({
    assessmentId,
    subjectUnitId: 'br',
    year: 2021,
    methods: ['document-review'],
    rating,
    dutyIds: ['br-primary'],
    findingIds: [],
    assessedByUnitId: 'root',
    assessedOn,
    ...(supersedes ? { supersedes } : {}),
  });

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2020-01-01' });
    await ok('/v1/units', { unitId: 'br', name: '药学党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2020-01-01' });
    await ok('/v1/duties', { dutyId: 'br-primary', kind: 'primary', holder: { unitId: 'br' }, area: 'integrity', title: '主体责任', items: [], scopeUnitIds: [], year: 2021, effectiveFrom: '2021-01-01' });
    await ok('/v1/assessments', assessment('a', 'good', '2021-12-02'));
    await ok('/v1/assessments', assessment('b', 'excellent', '2021-12-20', 'a'));
    await ok('/v1/assessments', assessment('c', 'poor', '2021-12-01', 'b'));
  });
  afterAll(() => t.close());

  it('when the figures are read on 2021-12-10, before the middle one’s date, then the subject has one rating: the last replacement’s', async () => {
    expect((await get('/v1/units/br/figures/2021')).assessments.byRating).toEqual({ excellent: 0, good: 0, fair: 0, poor: 1 });
  });

  it('when the duty’s loop is read on 2021-12-10, then "assess" names the one assessment in force', async () => {
    const loop = await get('/v1/duties/br-primary/loop');
    expect(loop.steps.find((s: { step: string }) => s.step === 'assess')).toEqual({ step: 'assess', done: true, dates: ['2021-12-01'], refs: ['c'] });
  });
});
