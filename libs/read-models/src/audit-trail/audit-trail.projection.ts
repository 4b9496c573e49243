import type { Actor, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { businessDateOf } from '@duty-ledger/domain/shared/business-date';
import type { DocumentKey, Projection } from '@duty-ledger/read-store/projection';
import type { Document } from '@duty-ledger/read-store/read-store.port';

export const AUDIT = 'audit';

/**
 * 审计留痕 — one entry per (event, subject it touches). The data is stored as the event holds it (a confidential
 * field in plain with its salt): the query's caller shapes it. Names are not stored: the query resolves them as
 * recorded at the entry's position, from the units, people and duties models.
 */
export interface AuditEntry {
  subjectId: string;
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

/** Ordering entries by id is log order per subject. */
export const auditEntryId = (subjectId: string, position: number): string => `${subjectId}:${String(position).padStart(16, '0')}`;

const keys = (event: RecordedEvent): DocumentKey[] => touchedSubjects(event).map((subjectId) => ({ collection: AUDIT, id: auditEntryId(subjectId, event.position) }));

/** Write-only: each entry is new at its event's position, so a replay writes the same entries. */
export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  collections: [{ name: AUDIT, indexes: ['subjectId', 'type'] }],
  touches: keys,
  project: (event) =>
    touchedSubjects(event).map((subjectId) => {
      const entry: AuditEntry = {
        subjectId,
        position: event.position,
        recordedAt: event.recordedAt,
        type: event.type,
        streamId: event.streamId,
        actor: event.metadata.actor,
        businessDate: event.metadata.businessDate ?? businessDateOf(event.data) ?? null,
        data: event.data,
      };
      return { collection: AUDIT, id: auditEntryId(subjectId, event.position), doc: entry as unknown as Document };
    }),
};
