import { StoreUnavailable, WrongExpectedRevision } from '../event-store.port';

/** Errors meaning the store cannot write or be reached: the API answers 503, not 500. */
const UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|NOTADB|CORRUPT|PERM|AUTH)/;

export function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function isUnavailable(error: unknown): boolean {
  return UNAVAILABLE.test(sqliteCode(error));
}

/** The error a caller of the port sees: SQLite's failures to write or reach the file become StoreUnavailable. */
export function storeError(error: unknown): unknown {
  if (error instanceof StoreUnavailable || error instanceof WrongExpectedRevision) return error;
  // Matched by message: the driver's TypeError may come from another realm (Jest's), where instanceof fails.
  if (isUnavailable(error) || /database connection is not open/.test(String((error as Error | null)?.message)))
    return new StoreUnavailable(`the event log cannot be used: ${(error as Error).message}`, error);
  return error;
}
