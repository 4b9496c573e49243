import type { ReportState } from '@duty-ledger/domain/report/report.decider';
import type { Filter, ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { REPORTS } from './reports.projection';

/** The report as recorded at the position; `null` when not recorded by then. */
export async function readReport(store: ReadStore, reportId: string, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<ReportState | null> {
  const stored = await store.get<ReportState>(REPORTS, reportId, { asOfPosition });
  return stored?.doc.exists ? stored.doc : null;
}

/** Reports matching an index filter (`authorUnitId`, `authorPersonId`, `year`, `kind`, `dutyIds`), as recorded at the position, ordered by id. */
export async function findReports(store: ReadStore, filter: Filter, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<ReportState[]> {
  return (await store.find<ReportState>(REPORTS, filter, { asOfPosition })).map((d) => d.doc).filter((d) => d.exists);
}
