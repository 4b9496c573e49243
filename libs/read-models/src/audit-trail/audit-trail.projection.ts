import type { Actor, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { businessDateOf } from '@duty-ledger/domain/shared/business-date';
import type { DocumentKey, Projection } from '@duty-ledger/read-store/projection';
import type { Document } from '@duty-ledger/read-store/read-store.port';

/** Entries by event (an earlier shape kept one per event and subject, in a collection `audit` left unused). */
export const AUDIT = 'audit-events';

/**
 * 审计留痕 — one entry per event that touches a subject, listing every subject it touches (`find` matches an array
 * field by membership, so a subject's trail is an index scan). The data is stored once, as the event holds it (a
 * confidential field in plain with its salt): the query's caller shapes it. Names are not stored: the query resolves
 * them as recorded at the entry's position, from the units, people and duties models.
 */
export interface AuditEntry {
  subjectIds: string[];
  position: number;
  recordedAt: string;
  type: string;
  streamId: string;
  actor: Actor;
  businessDate: string | null;
  data: Record<string, unknown>;
}

/** Streams of one aggregate each (`<aggregate>-<id>`); a post's stream (`post-<unit>-<post>`) names its unit and person in its data. */
const AGGREGATE_STREAMS = ['unit', 'person', 'duty', 'meeting', 'report', 'finding', 'assessment', 'case'];

/** The data fields that name a unit, person, duty, finding, meeting, report, case or assessment (DOMAIN §5.2). */
const ID_FIELDS = [
  'unitId',
  'parentUnitId',
  'personId',
  'scopeUnitIds',
  'dutyIds',
  'dutyId',
  'parentDutyId',
  'findingIds',
  'findingId',
  'subjectUnitId',
  'subjectPersonId',
  'raisedByUnitId',
  'decidedByUnitId',
  'chairPersonId',
  'attendeePersonIds',
  'authorUnitId',
  'authorPersonId',
  'recipientUnitId',
  'responsiblePersonId',
  'meetingId',
  'reportId',
  'caseId',
  'assessmentId',
  'assessedByUnitId',
  'supersedes',
];

const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Every id an event touches: its own stream's aggregate id and every id its data names, once each, in that order. */
export function touchedSubjects(event: Pick<RecordedEvent, 'streamId' | 'data'>): string[] {
  if (event.streamId.startsWith('guard-')) return [];
  const dash = event.streamId.indexOf('-');
  const own = dash > 0 && AGGREGATE_STREAMS.includes(event.streamId.slice(0, dash)) ? [event.streamId.slice(dash + 1)] : [];
  const holder = event.data.holder as { unitId?: unknown } | undefined;
  const named = [...ID_FIELDS.flatMap((field) => strings(event.data[field])), ...strings(holder?.unitId)];
  return [...new Set([...own, ...named])].filter((id) => id.length > 0);
}

/** The entry of the event at `position`: ids ordered as the log is. */
export const auditEntryId = (position: number): string => String(position).padStart(16, '0');

/** The runner asks `touches` before `project` for each event: its subjects are worked out once. */
const subjectsSeen = new WeakMap<RecordedEvent, string[]>();
function subjectsOf(event: RecordedEvent): string[] {
  let subjects = subjectsSeen.get(event);
  if (!subjects) subjectsSeen.set(event, (subjects = touchedSubjects(event)));
  return subjects;
}

const keys = (event: RecordedEvent): DocumentKey[] => (subjectsOf(event).length === 0 ? [] : [{ collection: AUDIT, id: auditEntryId(event.position) }]);

/**
 * Write-only: each entry is new at its event's position, so a replay writes the same entries. Named apart from the
 * earlier per-subject projection (`audit-trail`), so a store holding that one builds this one from the start.
 */
export const auditTrailProjection: Projection = {
  name: 'audit-events',
  collections: [{ name: AUDIT, indexes: ['subjectIds', 'type'] }],
  touches: keys,
  project: (event) => {
    const subjectIds = subjectsOf(event);
    if (subjectIds.length === 0) return [];
    const entry: AuditEntry = {
      subjectIds,
      position: event.position,
      recordedAt: event.recordedAt,
      type: event.type,
      streamId: event.streamId,
      actor: event.metadata.actor,
      businessDate: event.metadata.businessDate ?? businessDateOf(event.data) ?? null,
      data: event.data,
    };
    return [{ collection: AUDIT, id: auditEntryId(event.position), doc: entry as unknown as Document }];
  },
};
