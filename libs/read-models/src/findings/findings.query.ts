import { findingDecider, findingExistsOn, findingStatusOn, type FindingEvent, type FindingState } from '@duty-ledger/domain/finding/finding.decider';
import type { FindingStatus } from '@duty-ledger/domain/shared/vocabulary';
import type { Filter, ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { isListedId, ListCursors } from '../cursor';
import { FINDINGS, type FindingDocument } from './findings.projection';

/** The list's cursors: they name this list, so another list's cursor is refused. */
const CURSORS = new ListCursors('findings', isListedId);

/** One dated step of the rectification (整改) timeline, with what it recorded. */
export type TimelineStep =
  | { type: 'FindingRaised'; on: string; status: 'open' }
  | { type: 'RectificationPlanned'; on: string; status: 'planned'; measures: string[]; deadline: string; responsiblePersonId: string }
  | { type: 'RectificationCompleted'; on: string; status: 'completed'; evidence: string }
  | { type: 'FollowUpReviewed'; on: string; outcome: string; notes: string | null; status?: 'verified' }
  | { type: 'FindingReopened'; on: string; status: 'open' }
  | { type: 'FindingClosed'; on: string; status: 'closed'; reason: string };

export interface FindingView {
  findingId: string;
  source: string;
  raisedByUnitId: string;
  subjectUnitId: string;
  subjectPersonId: string | null;
  area: string;
  areaNote: string | null;
  tags: string[];
  severity: string;
  description: string;
  occurredOn: string;
  dutyIds: string[];
  /** At `at` (DOMAIN §5.4). */
  status: FindingStatus;
  /** The plan in force at `at` (`null`: none, or cleared by a reopening). */
  plan: { plannedOn: string; measures: string[]; deadline: string; responsiblePersonId: string } | null;
  completedOn: string | null;
  closedOn: string | null;
  reopenedOn: string[];
  /** Every step dated on or before `at`, in business-date order. */
  timeline: TimelineStep[];
}

/**
 * The finding as the world stood at `at`: the decider's own fold over the steps dated on or before `at` (steps are
 * in business-date order, so they form a prefix). Before `occurredOn` the finding does not exist yet.
 */
export function findingOn(doc: FindingDocument, at: string): FindingState | undefined {
  if (!findingExistsOn(doc, at)) return undefined;
  return doc.steps.filter((s) => s.on <= at).reduce((state, s) => findingDecider.evolve(state, { type: s.type, data: s.data } as FindingEvent), findingDecider.initialState);
}

function step({ type, on, data }: FindingDocument['steps'][number]): TimelineStep {
  switch (type) {
    case 'FindingRaised':
      return { type, on, status: 'open' };
    case 'RectificationPlanned':
      return { type, on, status: 'planned', measures: data.measures as string[], deadline: String(data.deadline), responsiblePersonId: String(data.responsiblePersonId) };
    case 'RectificationCompleted':
      return { type, on, status: 'completed', evidence: String(data.evidence) };
    case 'FollowUpReviewed':
      return { type, on, outcome: String(data.outcome), notes: typeof data.notes === 'string' ? data.notes : null, ...(data.outcome === 'sustained' ? { status: 'verified' as const } : {}) };
    case 'FindingReopened':
      return { type, on, status: 'open' };
    case 'FindingClosed':
      return { type, on, status: 'closed', reason: String(data.reason) };
    default: {
      const _exhaustive: never = type;
      return _exhaustive;
    }
  }
}

export function findingView(doc: FindingDocument, at: string): FindingView | null {
  const state = findingOn(doc, at);
  if (!state) return null;
  return {
    findingId: state.findingId,
    source: state.source,
    raisedByUnitId: state.raisedByUnitId,
    subjectUnitId: state.subjectUnitId,
    subjectPersonId: state.subjectPersonId ?? null,
    area: state.area,
    areaNote: state.areaNote ?? null,
    tags: state.tags,
    severity: state.severity,
    description: state.description,
    occurredOn: state.occurredOn,
    dutyIds: state.dutyIds,
    status: findingStatusOn(state, at),
    plan: state.plan ? { plannedOn: state.plan.plannedOn, measures: state.plan.measures, deadline: state.plan.deadline, responsiblePersonId: state.plan.responsiblePersonId } : null,
    completedOn: state.completedOn ?? null,
    closedOn: state.closedOn ?? null,
    reopenedOn: state.reopenedOn,
    timeline: doc.steps.filter((s) => s.on <= at).map(step),
  };
}

export async function findingDocument(store: ReadStore, findingId: string, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<FindingDocument | undefined> {
  const stored = await store.get<FindingDocument>(FINDINGS, findingId, { asOfPosition });
  return stored?.doc.exists ? stored.doc : undefined;
}

/** `null` (404) when the finding was not recorded by `asOfPosition` or had not occurred by `at`. */
export async function readFinding(store: ReadStore, findingId: string, read: ReadAt): Promise<FindingView | null> {
  const doc = await findingDocument(store, findingId, read);
  return doc ? findingView(doc, read.at) : null;
}

/** Findings matching an index filter, as recorded at the position (every page of the index). */
export async function findFindings(store: ReadStore, filter: Filter, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<FindingDocument[]> {
  return (await store.find<FindingDocument>(FINDINGS, filter, { asOfPosition })).map((d) => d.doc).filter((d) => d.exists);
}

export interface FindingFilters {
  subjectUnitId?: string;
  status?: FindingStatus;
  area?: string;
  source?: string;
}

const PAGE = 200;

/**
 * The list route: index filters first, then existence and status judged at `at`; ordered by id. `nextCursor` is
 * `null` when no further finding matches (one match past the page is looked for).
 */
export async function listFindings(
  store: ReadStore,
  filters: FindingFilters,
  { asOfPosition, at, limit, cursor }: ReadAt & { limit: number; cursor?: string },
): Promise<{ items: FindingView[]; nextCursor: string | null }> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, not ${limit}`);
  const filter: Filter = {};
  if (filters.subjectUnitId !== undefined) filter.subjectUnitId = filters.subjectUnitId;
  if (filters.area !== undefined) filter.area = filters.area;
  if (filters.source !== undefined) filter.source = filters.source;
  const items: FindingView[] = [];
  const cursors = CURSORS.filtered({ ...filters });
  let after = cursor === undefined ? undefined : cursors.keyOf(cursor);
  for (;;) {
    const page = await store.find<FindingDocument>(FINDINGS, filter, { asOfPosition, after, limit: PAGE });
    for (const { id, doc } of page) {
      after = id;
      const view = doc.exists ? findingView(doc, at) : null;
      if (!view || (filters.status !== undefined && view.status !== filters.status)) continue;
      if (items.length === limit) return { items, nextCursor: cursors.encode(items[limit - 1].findingId) };
      items.push(view);
    }
    if (page.length < PAGE) return { items, nextCursor: null };
  }
}
