import { committed, revealed } from '@duty-ledger/event-store/confidential';
import type { Actor, EventStore, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { businessDateOf } from '@duty-ledger/domain/shared/business-date';
import type { DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { nameOn, type UnitState } from '@duty-ledger/domain/unit/unit.decider';
import { upcast } from '@duty-ledger/domain/shared/upcasters';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ConfidentialReader } from '../accountability/accountability.query';
import type { ReadAt } from '../as-of';
import { isPositionKey, ListCursors } from '../cursor';
import { DUTIES } from '../duties/duties.projection';
import { PEOPLE, type PersonDocument } from '../people/people.projection';
import { UNITS } from '../units/units.projection';
import { AUDIT_INDEX } from './audit-trail.projection';
import { namedIds, summarize, type Lang, type Names } from './audit-summary';

/** The list's cursors: they name this list, so another list's cursor is refused. */
const CURSORS = new ListCursors('audit-trail', isPositionKey);

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

/**
 * 审计留痕 — DOMAIN §5.2: the events touching a subject, oldest first, as recorded at `asOfPosition`: the event index
 * gives their positions, the log the events themselves (in their current shape). Pass `reader` to shape confidential
 * fields here; without it `data` comes back as the event holds it (in plain with its salt) and the caller must shape it.
 */
export async function readAuditTrail(
  store: ReadStore,
  log: Pick<EventStore, 'readAt'>,
  query: AuditTrailQuery,
  { asOfPosition }: Pick<ReadAt, 'asOfPosition'>,
  lang: Lang,
  reader?: ConfidentialReader,
): Promise<{ items: AuditTrailItem[]; nextCursor: string | null }> {
  const { subjectId, type, from, to, limit, cursor } = query;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, not ${limit}`);
  // One more than the page: whether a next page exists without asking again.
  const cursors = CURSORS.filtered({ subjectId, type, from, to });
  const positions = await store.findIndexed(AUDIT_INDEX, { key: subjectId, type, from, to, afterPosition: afterCursor(cursors, cursor), asOfPosition, limit: limit + 1 });
  const page = positions.slice(0, limit);
  const events = await eventsAt(log, page);
  const items = await Promise.all(
    events.map((event, i) => {
      if (!event) throw new Error(`the audit index lists position ${page[i]}, which the log does not hold`);
      return item(store, event, lang, reader);
    }),
  );
  return { items, nextCursor: positions.length > limit ? cursors.encode(String(page[limit - 1])) : null };
}

/** Reads of the log in flight at once: a server-backed log answers each read apart, and a page holds up to 1,000. */
const READS_AT_ONCE = 50;

/** The events at these positions, in their order, at most READS_AT_ONCE reads at a time. */
async function eventsAt(log: Pick<EventStore, 'readAt'>, positions: readonly number[]): Promise<(RecordedEvent | null)[]> {
  const events: (RecordedEvent | null)[] = [];
  for (let i = 0; i < positions.length; i += READS_AT_ONCE) {
    events.push(...(await Promise.all(positions.slice(i, i + READS_AT_ONCE).map((position) => log.readAt(position)))));
  }
  return events;
}

/** The position a cursor names (InvalidCursor for one this trail, of this subject and filters, did not give). */
function afterCursor(cursors: ListCursors, cursor: string | undefined): number | undefined {
  return cursor === undefined ? undefined : Number(cursors.keyOf(cursor));
}

async function item(store: ReadStore, recorded: RecordedEvent, lang: Lang, reader?: ConfidentialReader): Promise<AuditTrailItem> {
  const event = { ...recorded, data: upcast(recorded.type, recorded.data, recorded.metadata.schemaVersion) };
  const businessDate = event.metadata.businessDate ?? businessDateOf(event.data) ?? null;
  const names = await namesAt(store, event);
  const data = reader === undefined ? event.data : (reader.canReadConfidential ? revealed : committed)(CONFIDENTIAL_FIELDS, event.type, event.data);
  return {
    position: event.position,
    recordedAt: event.recordedAt,
    type: event.type,
    streamId: event.streamId,
    actor: event.metadata.actor,
    businessDate,
    summary: summarize(event.type, event.data, businessDate, names, lang),
    data,
  };
}

/** The names a summary needs, as recorded at the entry's own position (a later rename does not rewrite history). */
async function namesAt(store: ReadStore, event: RecordedEvent): Promise<Names> {
  const ids = namedIds(event.data);
  const asOf = { asOfPosition: event.position };
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
    unitKind: (unitId) => {
      const unit = units.get(String(unitId))?.doc;
      return unit?.exists ? unit.kind : undefined;
    },
  };
}
