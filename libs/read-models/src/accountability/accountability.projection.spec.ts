import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { CASES, casesProjection } from './accountability.projection';

const applied = {
  caseId: 'c1',
  findingIds: ['f1'],
  subjectPersonId: 'A',
  role: 'leadership',
  form: 1,
  measure: 'talk-reminder',
  decidedByUnitId: 'discipline',
  decidedOn: '2021-01-10',
  rationale: '履行第一责任不力',
  rationaleSalt: '0123456789abcdef0123456789abcdef',
  dutyIds: ['first'],
};

describe('accountability cases projection', () => {
  it('when a decision is applied and revoked, then the case keeps the rationale with its salt and the revocation', () => {
    projecting(casesProjection)
      .given([
        { type: 'AccountabilityApplied', streamId: 'case-c1', data: applied },
        { type: 'AccountabilityRevoked', streamId: 'case-c1', data: { caseId: 'c1', revokedOn: '2021-06-01', reason: '申诉成立' } },
      ])
      .thenDocument(CASES, 'c1', { ...applied, exists: true, revokedOn: '2021-06-01', revocationReason: '申诉成立' });
  });

  it('declares the index fields the trail and the figures look cases up by', () => {
    expect([...casesProjection.collections[0].indexes].sort()).toEqual(['decidedByUnitId', 'decidedOn', 'findingIds', 'subjectPersonId', 'subjectUnitId']);
  });
});
