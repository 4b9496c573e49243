import { upcast } from '@duty-ledger/domain/shared/upcasters';
import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import type { Projection } from '@duty-ledger/read-store/projection';
import type { RetiredProjection } from '@duty-ledger/read-store/read-store.port';
import { casesProjection } from './accountability/accountability.projection';
import { assessmentsProjection } from './assessments/assessments.projection';
import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { dutiesProjection } from './duties/duties.projection';
import { findingsProjection } from './findings/findings.projection';
import { meetingsProjection } from './meetings/meetings.projection';
import { peopleProjection } from './people/people.projection';
import { postsProjection } from './posts/posts.projection';
import { reportsProjection } from './reports/reports.projection';
import { unitsProjection } from './units/units.projection';

/** Every read model's projection: the list the runner (inline or apps/projector) is handed. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  unitsProjection,
  postsProjection,
  peopleProjection,
  dutiesProjection,
  findingsProjection,
  meetingsProjection,
  reportsProjection,
  casesProjection,
  assessmentsProjection,
  auditTrailProjection,
].map(upcasting);

/**
 * Projections no longer run, whose rows a store written by an earlier version still holds: every runner that owns the
 * read models removes them on start. `audit-trail` kept one copy of each event per subject in `audit`; `audit-events`,
 * which replaced it, one copy of each event in `audit-events` (half a rebuild's work and a quarter of the store); the
 * event index `audit-index` replaced that, the trail reading the events from the log.
 */
export const RETIRED_PROJECTIONS: readonly RetiredProjection[] = [
  { name: 'audit-trail', collections: ['audit'] },
  { name: 'audit-events', collections: ['audit-events'] },
];

/** Projections see every event in its current shape; the log keeps it as it was written. */
function upcasting(projection: Projection): Projection {
  const current = (event: RecordedEvent): RecordedEvent => {
    const data = upcast(event.type, event.data, event.metadata.schemaVersion);
    return data === event.data ? event : { ...event, data };
  };
  const { eventIndex } = projection;
  return {
    ...projection,
    touches: (event) => projection.touches(current(event)),
    project: (event, lookup) => projection.project(current(event), lookup),
    ...(eventIndex && { eventIndex: { name: eventIndex.name, keysOf: (event: RecordedEvent) => eventIndex.keysOf(current(event)) } }),
  };
}
