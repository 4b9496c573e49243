import { committed, revealed } from '@duty-ledger/event-store/confidential';
import type { Actor } from '@duty-ledger/event-store/event-store.port';
import type { DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { nameOn, type UnitState } from '@duty-ledger/domain/unit/unit.decider';
import type { Filter, ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ConfidentialReader } from '../accountability/accountability.query';
import type { ReadAt } from '../as-of';
import { decodeCursor, encodeCursor } from '../cursor';
import { DUTIES } from '../duties/duties.projection';
import { PEOPLE, type PersonDocument } from '../people/people.projection';
import { UNITS } from '../units/units.projection';
import { AUDIT, type AuditEntry } from './audit-trail.projection';
import { namedIds, summarize, type Lang, type Names } from './audit-summary';

export interface AuditTrailItem {
  position: number;
  recordedAt: string;
  type: string;
  streamId: string;
  actor: Actor;
  businessDate: string | null;
  /** In the reader's language, names as recorded at the event's position. */
  summary: string;
  /** As stored (a confidential field in plain with its salt) unless a reader is given to shape it. */
  data: Record<string, unknown>;
}

export interface AuditTrailQuery {
  subjectId: string;
  type?: string;
  /** Record-time instants, both inclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

const PAGE = 200;

/**
 * 审计留痕 — DOMAIN §5.2: the events touching a subject, oldest first, as recorded at `asOfPosition`. Pass `reader`
 * to shape confidential fields here; without it `data` comes back as stored and the caller must shape it.
 */
export async function readAuditTrail(
  store: ReadStore,
  query: AuditTrailQuery,
  { asOfPosition }: Pick<ReadAt, 'asOfPosition'>,
  lang: Lang,
  reader?: ConfidentialReader,
): Promise<{ items: AuditTrailItem[]; nextCursor: string | null }> {
  const { subjectId, type, from, to, limit, cursor } = query;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, not ${limit}`);
  const fromMs = from === undefined ? -Infinity : Date.parse(from);
  const toMs = to === undefined ? Infinity : Date.parse(to);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new RangeError('from and to are ISO 8601 instants');
  const filter: Filter = type === undefined ? { subjectIds: subjectId } : { subjectIds: subjectId, type };
  const entries: { id: string; entry: AuditEntry }[] = [];
  let after = cursor === undefined ? undefined : decodeCursor(cursor);
  let nextCursor: string | null = null;
  scan: for (;;) {
    const page = await store.find<AuditEntry>(AUDIT, filter, { asOfPosition, after, limit: PAGE });
    for (const { id, doc } of page) {
      after = id;
      const recorded = Date.parse(doc.recordedAt);
      // Record time never decreases along the log, so nothing after `to` can match.
      if (recorded > toMs) break scan;
      if (recorded < fromMs) continue;
      if (entries.length === limit) {
        nextCursor = encodeCursor(entries[limit - 1].id);
        break scan;
      }
      entries.push({ id, entry: doc });
    }
    if (page.length < PAGE) break;
  }
  const items = await Promise.all(entries.map(({ entry }) => item(store, entry, lang, reader)));
  return { items, nextCursor };
}

async function item(store: ReadStore, entry: AuditEntry, lang: Lang, reader?: ConfidentialReader): Promise<AuditTrailItem> {
  const names = await namesAt(store, entry);
  const data = reader === undefined ? entry.data : (reader.canReadConfidential ? revealed : committed)(CONFIDENTIAL_FIELDS, entry.type, entry.data);
  return {
    position: entry.position,
    recordedAt: entry.recordedAt,
    type: entry.type,
    streamId: entry.streamId,
    actor: entry.actor,
    businessDate: entry.businessDate,
    summary: summarize(entry.type, entry.data, entry.businessDate, names, lang),
    data,
  };
}

/** The names a summary needs, as recorded at the entry's own position (a later rename does not rewrite history). */
async function namesAt(store: ReadStore, entry: AuditEntry): Promise<Names> {
  const ids = namedIds(entry.data);
  const asOf = { asOfPosition: entry.position };
  const [units, persons, duties] = await Promise.all([
    store.getMany<UnitState>(UNITS, ids.units, asOf),
    store.getMany<PersonDocument>(PEOPLE, ids.persons, asOf),
    store.getMany<DutyState>(DUTIES, ids.duties, asOf),
  ]);
  return {
    unit: (unitId, on = '9999-12-31') => {
      const unit = units.get(String(unitId))?.doc;
      return (unit?.exists && nameOn(unit, on)) || String(unitId);
    },
    person: (personId) => persons.get(String(personId))?.doc.name || String(personId),
    duty: (dutyId) => duties.get(String(dutyId))?.doc.title || String(dutyId),
  };
}
