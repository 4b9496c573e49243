import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { AUDIT, auditEntryId, auditTrailProjection, touchedSubjects } from './audit-trail.projection';

const actor = { name: 'spec', role: 'admin' };

describe('audit trail projection', () => {
  it('when a finding is raised, then one entry naming every id it touches, keyed so id order is log order', () => {
    const data = { findingId: 'f1', source: 'inspection', raisedByUnitId: 'discipline', subjectUnitId: 'branch', subjectPersonId: 'A', occurredOn: '2020-11-05', dutyIds: ['d1', 'd2'] };
    const subjectIds = ['f1', 'd1', 'd2', 'branch', 'A', 'discipline'];
    projecting(auditTrailProjection)
      .given([{ type: 'FindingRaised', streamId: 'finding-f1', position: 7, data }])
      .thenDocuments(AUDIT, [
        { id: auditEntryId(7), doc: { subjectIds, position: 7, recordedAt: '2025-01-01T00:00:07.000Z', type: 'FindingRaised', streamId: 'finding-f1', actor, businessDate: '2020-11-05', data } },
      ]);
    expect(auditEntryId(7)).toBe('0000000000000007');
    expect(auditEntryId(12) > auditEntryId(7)).toBe(true);
  });

  it('when a duty is assigned, then its holder unit, scope units and parent duty are touched once each', () => {
    expect(
      touchedSubjects({ streamId: 'duty-d1', data: { dutyId: 'd1', holder: { unitId: 'committee', post: 'member' }, scopeUnitIds: ['branch', 'college'], parentDutyId: 'p' } }),
    ).toEqual(['d1', 'branch', 'college', 'p', 'committee']);
  });

  it('when a post changes hands, then the unit and person are touched, not the post stream', () => {
    expect(touchedSubjects({ streamId: 'post-branch-secretary', data: { personId: 'A', unitId: 'branch', post: 'secretary' } })).toEqual(['branch', 'A']);
  });

  it('when an event is on a guard stream, then it makes no entry', () => {
    projecting(auditTrailProjection)
      .given([{ type: 'AnnualMeetingClaimed', streamId: 'guard-annual-meeting-committee-annual-deployment-2020', data: { unitId: 'committee', meetingId: 'm1' } }])
      .thenDocuments(AUDIT, []);
  });

  it('when replayed, then the business date comes from the metadata first, else from the data', () => {
    projecting(auditTrailProjection)
      .given([{ type: 'DutyRevised', streamId: 'duty-d1', data: { dutyId: 'd1', title: 't' }, metadata: { businessDate: '2020-01-02' } }])
      .thenDocument(AUDIT, auditEntryId(1), expect.objectContaining({ businessDate: '2020-01-02' }));
  });
});
