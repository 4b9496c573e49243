import { reportDecider, type ReportEvent, type ReportState } from '@duty-ledger/domain/report/report.decider';
import { foldProjection } from '../fold-projection';

export const REPORTS = 'reports';

/** 报告 — write-once: one document per report, looked up by author (unit or person), year, kind and duties. */
export const reportsProjection = foldProjection<ReportState>({
  name: 'reports',
  collection: { name: REPORTS, indexes: ['authorUnitId', 'authorPersonId', 'year', 'kind', 'dutyIds'] },
  types: ['ReportSubmitted'],
  idOf: (event) => String(event.data.reportId),
  initial: reportDecider.initialState,
  evolve: (state, event) => reportDecider.evolve(state, event as unknown as ReportEvent),
});
