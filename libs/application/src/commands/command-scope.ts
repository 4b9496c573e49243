import { businessDateOf } from '@duty-ledger/domain/shared/business-date';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import type { UnitState } from '@duty-ledger/domain/unit/unit.decider';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { ReferencedAggregates } from './referenced-aggregates';
import { inScopeFrom } from './unit-scope';

/**
 * A principal may not send this command (API.md: 403 for a key scoped to units outside the target). Domain-agnostic
 * and duck-typed like libs/domain's errors (`status`, `rule`), so the HTTP layer maps it to problem+json without this
 * layer importing Nest.
 */
export class Forbidden extends Error {
  readonly status = 403;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'Forbidden';
  }
}

/**
 * Fields that name a unit the command acts on or in whose name it acts, in commands, events and aggregate state alike
 * (`holder` and `scopeUnitIds` below). A report's `recipientUnitId` is left out: a branch reports *to* its committee.
 */
const UNIT_FIELDS = ['unitId', 'parentUnitId', 'subjectUnitId', 'authorUnitId', 'raisedByUnitId', 'assessedByUnitId', 'decidedByUnitId'] as const;
/** Where an existing aggregate lives: a unit's own id, a duty's holder, a finding's or a case's subject. */
const LOCATION_FIELDS = ['unitId', 'subjectUnitId'] as const;
/** Business date of a command that carries none (a revision of a duty's wording): the units' latest structure. */
const LATEST: IsoDate = '9999-12-31';

/** Every unit id `data` names. */
export function unitsNamed(data: unknown): string[] {
  const record = (data ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  for (const field of UNIT_FIELDS) if (typeof record[field] === 'string') out.push(record[field]);
  const holder = record.holder as { unitId?: unknown } | undefined;
  if (typeof holder?.unitId === 'string') out.push(holder.unitId);
  if (Array.isArray(record.scopeUnitIds)) for (const id of record.scopeUnitIds as unknown[]) if (typeof id === 'string') out.push(id);
  return out;
}

/** The unit an existing aggregate lives in; every unit it names when none of the location fields is set. */
function unitsOfState(state: unknown): string[] {
  const record = (state ?? {}) as Record<string, unknown>;
  if (record.exists !== true) return [];
  const out: string[] = [];
  for (const field of LOCATION_FIELDS) if (typeof record[field] === 'string' && record[field] !== '') out.push(record[field]);
  const holder = record.holder as { unitId?: unknown } | undefined;
  if (typeof holder?.unitId === 'string') out.push(holder.unitId);
  return out.length > 0 ? out : unitsNamed(record);
}

export interface ScopedCommand {
  command: unknown;
  /** The target aggregate's state before the command (`exists: false` on a create). */
  state: unknown;
  /** What the decider decided; empty when it refused (the refusal answers after this check). */
  events: readonly { data: object }[];
}

/**
 * Unit scoping (API_KEYS_FILE `units`, a token's `units` claim). The rule: every unit the command concerns must lie
 * in the subtree of one of the scope's units — that unit itself or a descendant — on the command's business date and on
 * every later date the record knows of (`inScopeFrom`), so a backdated command cannot reach a unit that has left since.
 * The units it concerns are those its body and its decided events name (`unitId`, `parentUnitId`, `holder.unitId`,
 * `subjectUnitId`, `authorUnitId`, `raisedByUnitId`, `assessedByUnitId`, `decidedByUnitId`, `scopeUnitIds`), plus the unit an existing target lives in (so a duty held outside cannot be reassigned into the
 * scope, nor a finding on another unit planned). Ancestry is walked through the units' own streams, never read
 * models. A command that concerns no unit at all (registering a person) is not limited: a person belongs to no unit
 * until appointed, and appointing is limited. Reads are not limited. The executor calls this after the decider's
 * 404s and before 409/422 (API.md's order).
 */
export async function checkScope(store: EventStore, scope: readonly string[], subject: ScopedCommand): Promise<void> {
  const units = new Set([...unitsNamed(subject.command), ...subject.events.flatMap((e) => unitsNamed(e.data)), ...unitsOfState(subject.state)]);
  if (units.size === 0) return;
  const date = businessDateOf(subject.command as object) ?? subject.events.map((e) => businessDateOf(e.data)).find((d) => d !== undefined) ?? LATEST;
  const refs = new ReferencedAggregates(store);
  // A unit this command registers has no stream yet: its place is the parent the same body names, from the same date.
  const registered = new Map<string, UnitState>();
  for (const data of [subject.command, ...subject.events.map((e) => e.data)]) {
    const { unitId, parentUnitId, effectiveFrom } = (data ?? {}) as Record<string, unknown>;
    if (typeof unitId === 'string' && typeof parentUnitId === 'string' && !(await refs.unit(unitId)))
      registered.set(unitId, { exists: true, unitId, kind: 'branch', registeredOn: date, names: [], parents: [{ from: typeof effectiveFrom === 'string' ? effectiveFrom : date, parentUnitId }] });
  }
  const allowed = new Set(scope);
  await refs.unitsWithParentsFrom([...units, ...[...registered.values()].flatMap((u) => u.parents.map((p) => p.parentUnitId!))], date, allowed);
  const loaded = refs.unitContext();
  const context = { unit: (id: string) => loaded.unit(id) ?? registered.get(id) };
  const outside = [...units].filter((unitId) => !inScopeFrom(unitId, date, allowed, context));
  if (outside.length > 0) {
    const on = date === LATEST ? 'the latest date' : `${date} or after`;
    throw new Forbidden('outside-key-scope', `This key may act only within units ${scope.join(', ')} and their subunits; the command concerns ${outside.join(', ')} on ${on}.`);
  }
}
