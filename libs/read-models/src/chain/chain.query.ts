import { holderOn, isOpenOn, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { DUTIES } from '../duties/duties.projection';
import { findDuties, statusOn, type DutyStatus } from '../duties/duties.query';
import type { UnitView } from '../units/units.query';
import { batched, batchedOnce } from './batched';
import { HolderResolver, type ResolvedHolder } from './holder-resolver';
import { sortById, unitCoverage, type CoverageDuty } from './unit-coverage';

/** A duty in the chain with its holder resolved to the people in post on `at` (API.md's `D'`). */
export interface ChainDutyCore {
  dutyId: string;
  kind: string;
  area: string;
  title: string;
  status: DutyStatus;
  holder: ResolvedHolder;
}

/** API.md's `D`: a duty with its delegation chain up and its open delegations down (层层传导). */
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
 * documents at one position, never by replaying events. `null` when the unit is not registered at `at`.
 */
export async function readChain(store: ReadStore, unitId: string, read: ReadAt): Promise<ResponsibilityChain | null> {
  const resolver = new HolderResolver(store, read);
  const coverage = await unitCoverage(store, unitId, read, resolver);
  if (!coverage) return null;
  // The delegations of every duty of the chain, asked for together, come back from one index lookup.
  const delegatesOf = batched((parentIds: string[]) => delegations(store, parentIds, read), [] as DutyState[]);
  const links = { read, resolver, delegatesOf, dutyOf: dutiesAt(store, read) };
  const [duties, coveredBy] = await Promise.all([coverage.own, coverage.coveredBy].map((entries) => Promise.all(entries.map((entry) => chainDuty(entry, links)))));
  return { unit: coverage.unit, duties, coveredBy };
}

interface Links {
  read: ReadAt;
  resolver: HolderResolver;
  delegatesOf: (dutyId: string) => Promise<DutyState[]>;
  dutyOf: (dutyId: string) => Promise<DutyState | undefined>;
}

/**
 * Duties by id at the read's position, each read once per chain: the chain's duties climb their delegations level by
 * level together, so the parents asked for at each level come back from one lookup.
 */
function dutiesAt(store: ReadStore, { asOfPosition }: ReadAt): (dutyId: string) => Promise<DutyState | undefined> {
  return batchedOnce(async (ids: string[]) => {
    const found = new Map<string, DutyState | undefined>();
    for (const [id, { doc }] of await store.getMany<DutyState>(DUTIES, ids, { asOfPosition })) if (doc.exists) found.set(id, doc);
    return found;
  }, undefined as DutyState | undefined);
}

/** Open or not, the direct delegations of each duty (as recorded at the position), by parent. */
async function delegations(store: ReadStore, parentIds: string[], read: ReadAt): Promise<Map<string, DutyState[]>> {
  const byParent = new Map<string, DutyState[]>();
  for (const duty of await findDuties(store, { parentDutyId: { in: parentIds } }, read)) {
    const siblings = byParent.get(duty.parentDutyId!) ?? [];
    siblings.push(duty);
    byParent.set(duty.parentDutyId!, siblings);
  }
  return byParent;
}

async function chainDuty({ duty, holder }: CoverageDuty, { read, resolver, delegatesOf, dutyOf }: Links): Promise<ChainDuty> {
  const [ancestors, delegates] = await Promise.all([delegationAncestors(duty, dutyOf), delegatesOf(duty.dutyId)]);
  const core = async (d: DutyState) => coreOf(d, await resolver.resolve(holderOn(d, read.at)), read.at);
  return {
    ...coreOf(duty, holder, read.at),
    ancestors: await Promise.all(ancestors.map(core)),
    delegates: await Promise.all(sortById(delegates.filter((d) => isOpenOn(d, read.at))).map(core)),
  };
}

/** Parent, grandparent, … by `parentDutyId`; a cycle or a missing parent ends the walk. */
async function delegationAncestors(duty: DutyState, dutyOf: Links['dutyOf']): Promise<DutyState[]> {
  const out: DutyState[] = [];
  const seen = new Set([duty.dutyId]);
  for (let parentId = duty.parentDutyId; parentId && !seen.has(parentId); ) {
    seen.add(parentId);
    const parent = await dutyOf(parentId);
    if (!parent) break;
    out.push(parent);
    parentId = parent.parentDutyId;
  }
  return out;
}

function coreOf(duty: DutyState, holder: ResolvedHolder, at: string): ChainDutyCore {
  return { dutyId: duty.dutyId, kind: duty.kind, area: duty.area, title: duty.title, status: statusOn(duty, at), holder };
}
