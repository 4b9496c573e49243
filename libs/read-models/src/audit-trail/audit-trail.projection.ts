import { DELEGATION_EVENTS } from '@duty-ledger/domain/duty/delegation';
import { POST_TERM_EVENTS } from '@duty-ledger/domain/post/post-incumbency';
import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import type { Projection } from '@duty-ledger/read-store/projection';

/** The event index of the audit trail: the events touching each subject, by subject id. */
export const AUDIT_INDEX = 'audit';

/**
 * Streams of one aggregate each (`<aggregate>-<id>`). A post's stream (`post-<unit>-<post>`) holds the guard of its
 * incumbency — term events, which repeat the person's appointment and so touch nothing — or, in logs written before,
 * the appointments themselves, which name their unit and person in their data. A duty's delegation stream
 * (`delegations-<dutyId>`) holds the same kind of guard: terms repeating the duties' own events.
 */
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
export function touchedSubjects(event: Pick<RecordedEvent, 'streamId' | 'type' | 'data'>): string[] {
  if (event.streamId.startsWith('guard-') || POST_TERM_EVENTS.includes(event.type) || DELEGATION_EVENTS.includes(event.type)) return [];
  const dash = event.streamId.indexOf('-');
  const own = dash > 0 && AGGREGATE_STREAMS.includes(event.streamId.slice(0, dash)) ? [event.streamId.slice(dash + 1)] : [];
  const holder = event.data.holder as { unitId?: unknown } | undefined;
  const named = [...ID_FIELDS.flatMap((field) => strings(event.data[field])), ...strings(holder?.unitId)];
  return [...new Set([...own, ...named])].filter((id) => id.length > 0);
}

/**
 * 审计留痕 — the events touching each subject (DOMAIN §5.2), as an event index: a row per event and subject, written
 * once; the trail reads the events themselves from the log. Named apart from the earlier projections that kept a copy
 * of every event in the read store (`audit-trail`, then `audit-events`), so a store holding one of them builds this one
 * from the start and retires theirs.
 */
export const auditTrailProjection: Projection = {
  name: 'audit-index',
  collections: [],
  touches: () => [],
  project: () => [],
  eventIndex: { name: AUDIT_INDEX, keysOf: touchedSubjects },
};
