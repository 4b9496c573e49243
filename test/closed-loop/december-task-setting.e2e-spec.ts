import { recordedSession } from '../support/recorded-session';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * 上年末至次年年初: a task-setting meeting held in December counts for the next year (DOMAIN §5.4), so that year's
 * compliance is read in December already. A branch registered long before owes that year's three meetings then too:
 * every required kind is listed, the December one held; the figures count it held and the other two missing.
 */
describe('the next year’s compliance and figures read in December, after its task-setting meeting', () => {
  let t: TestApp;
  const { ok, get } = recordedSession(() => t, '2024-12-20');

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2023-01-01' });
    await ok('/v1/units', { unitId: 'br', name: '药学党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2023-01-01' });
    await ok('/v1/units', { unitId: 'gone', name: '检验党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2023-01-01' });
    await ok('/v1/units/gone/dissolve', { effectiveFrom: '2025-01-01', reason: '合并' });
    await ok('/v1/meetings', { unitId: 'br', kind: 'task-setting', heldOn: '2024-12-15', attendeePersonIds: [], agenda: [], decisions: [], dutyIds: [] });
  });
  afterAll(() => t.close());

  it('when the branch’s 2025 compliance is read on 2024-12-20, then its three meetings are required and the task-setting one held', async () => {
    expect((await get('/v1/units/br/compliance/2025')).meetings).toEqual([
      { kind: 'task-setting', required: true, heldOn: ['2024-12-15'] },
      { kind: 'progress-review', required: true, heldOn: [] },
      { kind: 'review-evaluation', required: true, heldOn: [] },
    ]);
  });

  it('when the figures of 2025 are read on 2024-12-20, then the branch’s task-setting is held; a unit dissolved on New Year’s Day owes nothing', async () => {
    const figures = await get('/v1/units/root/figures/2025');
    expect(figures.meetings).toMatchObject({ held: 1, missing: 5 });
    expect(figures.meetings.missingKinds.map((m: { unitId: string }) => m.unitId)).not.toContain('gone');
    expect((await get('/v1/units/gone/compliance/2025')).meetings).toEqual([]);
  });
});
