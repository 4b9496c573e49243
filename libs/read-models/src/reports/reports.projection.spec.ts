import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { REPORTS, reportsProjection } from './reports.projection';

const submitted = { reportId: 'r1', kind: 'secretary-report', authorPersonId: 'A', year: 2020, dutyIds: ['d1'], summary: '述责', submittedOn: '2020-12-20' };

describe('reports projection', () => {
  it('when a report is submitted, then one document keeps it whole', () => {
    projecting(reportsProjection)
      .given([{ type: 'ReportSubmitted', streamId: 'report-r1', data: submitted }])
      .thenDocument(REPORTS, 'r1', { ...submitted, exists: true });
  });

  it('declares the index fields the compliance and loop reads look reports up by', () => {
    expect([...reportsProjection.collections[0].indexes].sort()).toEqual(['authorPersonId', 'authorUnitId', 'dutyIds', 'kind', 'year']);
  });
});
