import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { AUDIT_INDEX, auditTrailProjection, touchedSubjects } from './audit-trail.projection';

describe('audit trail projection', () => {
  it('when a finding is raised, then the event is listed under every id it touches, and no document is written', () => {
    const data = { findingId: 'f1', source: 'inspection', raisedByUnitId: 'discipline', subjectUnitId: 'branch', subjectPersonId: 'A', occurredOn: '2020-11-05', dutyIds: ['d1', 'd2'] };
    const given = projecting(auditTrailProjection).given([{ type: 'FindingRaised', streamId: 'finding-f1', position: 7, data }]);
    given.thenIndexed(AUDIT_INDEX, [{ position: 7, recordedAt: '2025-01-01T00:00:07.000Z', type: 'FindingRaised', keys: ['f1', 'd1', 'd2', 'branch', 'A', 'discipline'] }]);
    expect(auditTrailProjection.collections).toEqual([]);
  });

  it('when a duty is assigned, then its holder unit, scope units and parent duty are touched once each', () => {
    expect(
      touchedSubjects({ streamId: 'duty-d1', data: { dutyId: 'd1', holder: { unitId: 'committee', post: 'member' }, scopeUnitIds: ['branch', 'college'], parentDutyId: 'p' } }),
    ).toEqual(['d1', 'branch', 'college', 'p', 'committee']);
  });

  it('when a post changes hands, then the unit and person are touched, not the post stream', () => {
    expect(touchedSubjects({ streamId: 'post-branch-secretary', data: { personId: 'A', unitId: 'branch', post: 'secretary' } })).toEqual(['branch', 'A']);
  });

  it('when an event is on a guard stream, then it is listed under no key', () => {
    projecting(auditTrailProjection)
      .given([{ type: 'AnnualMeetingClaimed', streamId: 'guard-annual-meeting-committee-annual-deployment-2020', data: { unitId: 'committee', meetingId: 'm1' } }])
      .thenIndexed(AUDIT_INDEX, []);
  });
});
