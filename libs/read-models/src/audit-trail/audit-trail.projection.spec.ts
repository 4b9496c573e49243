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
      touchedSubjects({ streamId: 'duty-d1', type: 'DutyAssigned', data: { dutyId: 'd1', holder: { unitId: 'committee', post: 'member' }, scopeUnitIds: ['branch', 'college'], parentDutyId: 'p' } }),
    ).toEqual(['d1', 'branch', 'college', 'p', 'committee']);
  });

  it('when a person is appointed, then the person and the unit are touched once each, not the post', () => {
    expect(touchedSubjects({ streamId: 'person-A', type: 'PersonAppointed', data: { personId: 'A', unitId: 'branch', post: 'secretary' } })).toEqual(['A', 'branch']);
  });

  it('when the post’s stream takes the term of that appointment, then it is listed under no key (the appointment is)', () => {
    const tenure = { personId: 'A', unitId: 'branch', post: 'secretary', effectiveFrom: '2018-06-01' };
    projecting(auditTrailProjection)
      .given([
        { type: 'PersonAppointed', streamId: 'person-A', position: 3, data: tenure },
        { type: 'PostTermOpened', streamId: 'post-branch-secretary', position: 4, data: tenure },
      ])
      .thenIndexed(AUDIT_INDEX, [{ position: 3, recordedAt: '2025-01-01T00:00:03.000Z', type: 'PersonAppointed', keys: ['A', 'branch'] }]);
  });

  it('when a log written before holds the appointment in the post’s stream, then the unit and person are touched', () => {
    expect(touchedSubjects({ streamId: 'post-branch-secretary', type: 'PersonAppointed', data: { personId: 'A', unitId: 'branch', post: 'secretary' } })).toEqual(['branch', 'A']);
  });

  it('when a delegation stream takes the terms of a delegate’s assignment and its parent’s close, then they are listed under no key (the duties’ events are)', () => {
    const delegate = { parentDutyId: 'p', dutyId: 'c', holder: { unitId: 'branch' }, effectiveFrom: '2020-02-01' };
    projecting(auditTrailProjection)
      .given([
        { type: 'DutyAssigned', streamId: 'duty-c', position: 5, data: { ...delegate, kind: 'primary', area: 'integrity' } },
        { type: 'DelegateAssigned', streamId: 'delegations-p', position: 6, data: delegate },
        { type: 'DelegateReassigned', streamId: 'delegations-p', position: 7, data: { ...delegate, holder: { unitId: 'college' } } },
        { type: 'DelegateClosed', streamId: 'delegations-p', position: 8, data: { parentDutyId: 'p', dutyId: 'c', effectiveFrom: '2020-12-31' } },
        { type: 'DelegatorReassigned', streamId: 'delegations-p', position: 9, data: { dutyId: 'p', holder: { unitId: 'committee' }, effectiveFrom: '2020-03-01' } },
        { type: 'DelegatorClosed', streamId: 'delegations-p', position: 10, data: { dutyId: 'p', effectiveFrom: '2021-01-01' } },
      ])
      .thenIndexed(AUDIT_INDEX, [{ position: 5, recordedAt: '2025-01-01T00:00:05.000Z', type: 'DutyAssigned', keys: ['c', 'p', 'branch'] }]);
  });

  it('when an event is on a guard stream, then it is listed under no key', () => {
    projecting(auditTrailProjection)
      .given([{ type: 'AnnualMeetingClaimed', streamId: 'guard-annual-meeting-committee-annual-deployment-2020', data: { unitId: 'committee', meetingId: 'm1' } }])
      .thenIndexed(AUDIT_INDEX, []);
  });
});
