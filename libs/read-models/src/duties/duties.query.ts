import { holderOn, isOpenOn, type DutyState, type Holder } from '@duty-ledger/domain/duty/duty.decider';
import type { Filter, ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { isListedId, ListCursors } from '../cursor';
import { DUTIES } from './duties.projection';

/** The list's cursors: they name this list, so another list's cursor is refused. */
const CURSORS = new ListCursors('duties', isListedId);

export type DutyStatus = 'pending' | 'open' | 'closed';

export interface DutyView {
  dutyId: string;
  kind: string;
  area: string;
  areaNote: string | null;
  tags: string[];
  title: string;
  items: string[];
  scopeUnitIds: string[];
  year: number;
  parentDutyId: string | null;
  effectiveFrom: string;
  closedOn: string | null;
  status: DutyStatus;
  /** The holder on `at` (the first holder before the duty starts). */
  holder: Holder;
  holders: { from: string; holder: Holder }[];
  acknowledgements: { personId: string; acknowledgedOn: string }[];
}

export function statusOn(duty: DutyState, at: string): DutyStatus {
  if (at < duty.effectiveFrom) return 'pending';
  return isOpenOn(duty, at) ? 'open' : 'closed';
}

export function dutyView(duty: DutyState, at: string): DutyView {
  return {
    dutyId: duty.dutyId,
    kind: duty.kind,
    area: duty.area,
    areaNote: duty.areaNote ?? null,
    tags: duty.tags,
    title: duty.title,
    items: duty.items,
    scopeUnitIds: duty.scopeUnitIds,
    year: duty.year,
    parentDutyId: duty.parentDutyId ?? null,
    effectiveFrom: duty.effectiveFrom,
    closedOn: duty.closedOn ?? null,
    status: statusOn(duty, at),
    holder: holderOn(duty, at),
    holders: duty.holders,
    acknowledgements: duty.acknowledgements,
  };
}

export async function dutyState(store: ReadStore, dutyId: string, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<DutyState | undefined> {
  const stored = await store.get<DutyState>(DUTIES, dutyId, { asOfPosition });
  return stored?.doc.exists ? stored.doc : undefined;
}

export async function readDuty(store: ReadStore, dutyId: string, read: ReadAt): Promise<DutyView | null> {
  const duty = await dutyState(store, dutyId, read);
  return duty ? dutyView(duty, read.at) : null;
}

/** Duties matching an index filter, as recorded at the position (every page of the index). */
export async function findDuties(store: ReadStore, filter: Filter, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<DutyState[]> {
  return (await store.find<DutyState>(DUTIES, filter, { asOfPosition })).map((d) => d.doc).filter((d) => d.exists);
}

export interface DutyFilters {
  holderUnitId?: string;
  kind?: string;
  area?: string;
  year?: number;
  status?: DutyStatus;
}

const PAGE = 200;

/**
 * The list route: index filters first, then holder and status judged at `at`; ordered by id. `nextCursor` is `null`
 * when no further duty matches (one match past the page is looked for, so the last page never comes back empty).
 */
export async function listDuties(
  store: ReadStore,
  filters: DutyFilters,
  { asOfPosition, at, limit, cursor }: ReadAt & { limit: number; cursor?: string },
): Promise<{ items: DutyView[]; nextCursor: string | null }> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, not ${limit}`);
  const filter: Filter = {};
  if (filters.holderUnitId !== undefined) filter.holderUnitIds = filters.holderUnitId;
  if (filters.kind !== undefined) filter.kind = filters.kind;
  if (filters.area !== undefined) filter.area = filters.area;
  if (filters.year !== undefined) filter.year = filters.year;
  const keep = (d: DutyState) =>
    d.exists && (filters.holderUnitId === undefined || holderOn(d, at).unitId === filters.holderUnitId) && (filters.status === undefined || statusOn(d, at) === filters.status);
  const items: DutyView[] = [];
  const cursors = CURSORS.filtered({ ...filters });
  let after = cursor === undefined ? undefined : cursors.keyOf(cursor);
  for (;;) {
    const page = await store.find<DutyState>(DUTIES, filter, { asOfPosition, after, limit: PAGE });
    for (const { id, doc } of page) {
      after = id;
      if (!keep(doc)) continue;
      if (items.length === limit) return { items, nextCursor: cursors.encode(items[limit - 1].dutyId) };
      items.push(dutyView(doc, at));
    }
    if (page.length < PAGE) return { items, nextCursor: null };
  }
}
