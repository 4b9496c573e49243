import { holderOn, isOpenOn, type DutyState, type Holder } from '@duty-ledger/domain/duty/duty.decider';
import { incumbentsOn, type PostState } from '@duty-ledger/domain/post/post.decider';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { dutyState, findDuties, statusOn, type DutyStatus } from '../duties/duties.query';
import { namesOf } from '../people/people.query';
import { POSTS_COLLECTION, postKey } from '../posts/posts.projection';
import { ancestorsAt, childrenAt, readUnit, type UnitView } from '../units/units.query';

/** A duty in the chain with its holder resolved to the people in post on `at`. */
export interface ChainDutyCore {
  dutyId: string;
  kind: string;
  area: string;
  title: string;
  status: DutyStatus;
  holder: { unitId: string; post?: string; persons: { personId: string; name: string }[] };
}

export interface ChainDuty extends ChainDutyCore {
  /** Nearest first, up to the root of the delegation. */
  ancestors: ChainDutyCore[];
  /** The open direct delegations. */
  delegates: ChainDutyCore[];
}

/** 责任链 — DOMAIN §5.1. */
export interface ResponsibilityChain {
  unit: UnitView;
  duties: ChainDuty[];
  coveredBy: ChainDuty[];
}

/**
 * The responsibility chain of a unit at business date `at`, as recorded at `asOfPosition`: composed from versioned
 * documents at one position (index lookups), never by replaying events. `null` when the unit is not active at `at`.
 */
export async function readChain(store: ReadStore, unitId: string, read: ReadAt): Promise<ResponsibilityChain | null> {
  const unit = await readUnit(store, unitId, read);
  if (!unit || unit.status !== 'active') return null;
  const { at } = read;
  const ancestors = await ancestorsAt(store, unitId, read);
  const open = (d: DutyState) => isOpenOn(d, at);
  const heldIn = (units: readonly string[]) => (d: DutyState) => units.includes(holderOn(d, at).unitId);

  const own = (await findDuties(store, { holderUnitIds: unitId }, read)).filter(open).filter(heldIn([unitId]));
  const fromAncestors = ancestors.length
    ? (await findDuties(store, { holderUnitIds: { in: ancestors } }, read)).filter(open).filter(heldIn(ancestors)).filter((d) => d.kind === 'primary' || d.kind === 'first')
    : [];
  const committees = (await childrenAt(store, [unitId, ...ancestors], read)).filter((u) => u.kind === 'discipline-committee').map((u) => u.unitId);
  const supervising = committees.length
    ? (await findDuties(store, { holderUnitIds: { in: committees } }, read)).filter(open).filter(heldIn(committees)).filter((d) => d.kind === 'supervisory')
    : [];
  const dual = (await findDuties(store, { scopeUnitIds: { in: [unitId, ...ancestors] } }, read)).filter(open).filter((d) => d.kind === 'dual');

  const ownIds = new Set(own.map((d) => d.dutyId));
  const covering = dedupe([...fromAncestors, ...supervising, ...dual]).filter((d) => !ownIds.has(d.dutyId));
  const resolve = new HolderResolver(store, read);
  return {
    unit,
    duties: await Promise.all(sortById(own).map((d) => chainDuty(store, d, read, resolve))),
    coveredBy: await Promise.all(sortById(covering).map((d) => chainDuty(store, d, read, resolve))),
  };
}

async function chainDuty(store: ReadStore, duty: DutyState, read: ReadAt, resolve: HolderResolver): Promise<ChainDuty> {
  const ancestors: DutyState[] = [];
  const seen = new Set([duty.dutyId]);
  for (let parentId = duty.parentDutyId; parentId && !seen.has(parentId); ) {
    seen.add(parentId);
    const parent = await dutyState(store, parentId, read);
    if (!parent) break;
    ancestors.push(parent);
    parentId = parent.parentDutyId;
  }
  const delegates = (await findDuties(store, { parentDutyId: duty.dutyId }, read)).filter((d) => isOpenOn(d, read.at));
  return {
    ...(await core(duty, read, resolve)),
    ancestors: await Promise.all(ancestors.map((d) => core(d, read, resolve))),
    delegates: await Promise.all(sortById(delegates).map((d) => core(d, read, resolve))),
  };
}

async function core(duty: DutyState, { at }: ReadAt, resolve: HolderResolver): Promise<ChainDutyCore> {
  const holder = holderOn(duty, at);
  return {
    dutyId: duty.dutyId,
    kind: duty.kind,
    area: duty.area,
    title: duty.title,
    status: statusOn(duty, at),
    holder: { unitId: holder.unitId, ...(holder.post ? { post: holder.post } : {}), persons: await resolve.persons(holder) },
  };
}

/** Resolves a post holder to the people in post on `at` (a vacant post: `[]`; a unit holder: `[]`). */
export class HolderResolver {
  private readonly cache = new Map<string, Promise<{ personId: string; name: string }[]>>();

  constructor(
    private readonly store: ReadStore,
    private readonly read: ReadAt,
  ) {}

  persons(holder: Holder): Promise<{ personId: string; name: string }[]> {
    if (!holder.post) return Promise.resolve([]);
    const key = postKey(holder.unitId, holder.post);
    if (!this.cache.has(key)) this.cache.set(key, this.load(key));
    return this.cache.get(key)!;
  }

  private async load(key: string): Promise<{ personId: string; name: string }[]> {
    const post = await this.store.get<PostState>(POSTS_COLLECTION, key, { asOfPosition: this.read.asOfPosition });
    const ids = post ? incumbentsOn(post.doc, this.read.at) : [];
    const names = await namesOf(this.store, ids, this.read);
    return ids.map((personId) => ({ personId, name: names.get(personId) ?? '' }));
  }
}

function dedupe(duties: DutyState[]): DutyState[] {
  return [...new Map(duties.map((d) => [d.dutyId, d])).values()];
}

function sortById(duties: DutyState[]): DutyState[] {
  return [...duties].sort((a, b) => (a.dutyId < b.dutyId ? -1 : a.dutyId > b.dutyId ? 1 : 0));
}
