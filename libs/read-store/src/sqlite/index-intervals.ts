import type { Document } from '../read-store.port';
import { indexValues } from './index-values';

export interface VersionBounds {
  from: number;
  /** `OPEN` while current. */
  to: number;
  doc: Document;
}

/** One index row: the document held `value` in `field` from `from` until `to` (exclusive). */
export interface IndexInterval {
  field: string;
  value: string;
  from: number;
  to: number;
}

/** Each declared field's encoded values in `doc`, as `[field, value]` pairs. */
export function indexRows(doc: Document, fields: readonly string[]): [string, string][] {
  const rows: [string, string][] = [];
  for (const field of fields) for (const value of indexValues(doc, field)) rows.push([field, value]);
  return rows;
}

/**
 * The index intervals of one document from its versions in order: a value held by consecutive versions is one
 * interval; a gap between versions (the document ended, then began again) ends every interval. What the version
 * writer maintains change by change, computed whole (a reindex after the declared fields changed).
 */
export function indexIntervals(versions: readonly VersionBounds[], fields: readonly string[]): IndexInterval[] {
  const done: IndexInterval[] = [];
  let open = new Map<string, IndexInterval>();
  let end: number | undefined;
  for (const version of versions) {
    if (end !== undefined && end !== version.from) {
      for (const interval of open.values()) done.push({ ...interval, to: end });
      open = new Map();
    }
    const next = new Map<string, IndexInterval>();
    for (const [field, value] of indexRows(version.doc, fields)) {
      const fieldValue = `${field}\u0000${value}`;
      next.set(fieldValue, open.get(fieldValue) ?? { field, value, from: version.from, to: version.from });
      open.delete(fieldValue);
    }
    for (const interval of open.values()) done.push({ ...interval, to: version.from });
    open = next;
    end = version.to;
  }
  for (const interval of open.values()) done.push({ ...interval, to: end! });
  return done.sort((a, b) => a.from - b.from || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
