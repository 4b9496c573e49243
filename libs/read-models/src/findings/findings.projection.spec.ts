import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { FINDINGS, findingsProjection } from './findings.projection';

const finding = (type: string, data: Record<string, unknown>) => ({ type, streamId: 'finding-f1', data: { findingId: 'f1', ...data } });

const raised = {
  findingId: 'f1',
  source: 'inspection',
  raisedByUnitId: 'discipline',
  subjectUnitId: 'branch',
  area: 'integrity',
  tags: ['procurement'],
  severity: 'medium',
  description: '采购未按规定公开',
  occurredOn: '2020-06-01',
  dutyIds: ['d1'],
};
const plan = { plannedOn: '2020-07-01', measures: ['公开招标'], deadline: '2020-09-30', responsiblePersonId: 'A' };

describe('findings projection', () => {
  it('when a finding is raised, then the decider state is kept with its first step and indexed by the year it occurred', () => {
    projecting(findingsProjection)
      .given([finding('FindingRaised', raised)])
      .thenDocument(FINDINGS, 'f1', {
        ...raised,
        exists: true,
        reopenedOn: [],
        timeline: [{ on: '2020-06-01', status: 'open' }],
        steps: [{ type: 'FindingRaised', on: '2020-06-01', data: raised }],
        year: 2020,
      });
  });

  it('when planned, completed, relapsed and reopened, then the plan is cleared and every step is kept in order', () => {
    projecting(findingsProjection)
      .given([
        finding('FindingRaised', raised),
        finding('RectificationPlanned', plan),
        finding('RectificationCompleted', { completedOn: '2020-09-01', evidence: '招标文件' }),
        finding('FollowUpReviewed', { reviewedOn: '2020-12-01', outcome: 'relapsed' }),
        finding('FindingReopened', { reopenedOn: '2020-12-01' }),
      ])
      .thenDocument(
        FINDINGS,
        'f1',
        expect.objectContaining({
          plan: undefined,
          completedOn: undefined,
          reopenedOn: ['2020-12-01'],
          timeline: [
            { on: '2020-06-01', status: 'open' },
            { on: '2020-07-01', status: 'planned', deadline: '2020-09-30' },
            { on: '2020-09-01', status: 'completed' },
            { on: '2020-12-01', status: 'open' },
          ],
          steps: ['FindingRaised', 'RectificationPlanned', 'RectificationCompleted', 'FollowUpReviewed', 'FindingReopened'].map((type) => expect.objectContaining({ type })),
        }),
      );
  });

  it('declares the index fields the list and the compliance read look findings up by', () => {
    expect([...findingsProjection.collections[0].indexes].sort()).toEqual(['area', 'dutyIds', 'source', 'subjectUnitId', 'year']);
  });
});
