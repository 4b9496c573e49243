import { holderOn } from '@duty-ledger/domain/duty/duty.decider';
import { businessDateOf } from '@duty-ledger/domain/shared/business-date';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import type { UnitState } from '@duty-ledger/domain/unit/unit.decider';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { ReferencedAggregates } from './referenced-aggregates';
import { inScopeFrom, mergeNamed, namedIn, namesNothing, type Named } from './unit-scope';

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

/** Where an existing aggregate lives: a unit's own id, a duty's holder, a finding's or a case's subject. */
const LOCATION_FIELDS = ['unitId', 'subjectUnitId'] as const;
/** Business date of a command that carries none (a revision of a duty's wording): the units' latest structure. */
const LATEST: IsoDate = '9999-12-31';

/**
 * Where an existing target lives: its location fields, or its holder; when it has none (a case on a person),
 * everything it names — the person, the findings — as a command creating it would.
 */
function namedByState(state: unknown): Named {
  const record = (state ?? {}) as Record<string, unknown>;
  const nothing: Named = { units: [], duties: [], findings: [], assessments: [], persons: [] };
  if (record.exists !== true) return nothing;
  const units: string[] = [];
  for (const field of LOCATION_FIELDS) if (typeof record[field] === 'string' && record[field] !== '') units.push(record[field]);
  const holder = record.holder as { unitId?: unknown } | undefined;
  if (typeof holder?.unitId === 'string') units.push(holder.unitId);
  return units.length > 0 ? { ...nothing, units } : namedIn(record);
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
 * The units it concerns are
 * - those its body and its decided events name (`unitId`, `parentUnitId`, `holder.unitId`, `subjectUnitId`,
 *   `authorUnitId`, `raisedByUnitId`, `assessedByUnitId`, `decidedByUnitId`, `scopeUnitIds`; not a report's recipient);
 * - the units of what they reference by id: each duty's holder unit on the business date, each finding's subject unit,
 *   a superseded assessment's subject, and each subject or author person's units — those of the posts they hold on the
 *   business date; a person holding none then is within no scope, and refused;
 * - where an existing target lives (so a duty held outside cannot be reassigned into the scope, nor a finding on
 *   another unit planned), or, for a target living nowhere (a case on a person), everything it references.
 * Aggregates are read from their own streams, never from read models. A command that concerns nothing (registering a
 * person) is not limited: a person belongs to no unit until appointed, and appointing is limited. Reads are not
 * limited. The executor calls this for scoped principals only, after the decider's 404s and before 409/422 (API.md's
 * order).
 */
export async function checkScope(store: EventStore, scope: readonly string[], subject: ScopedCommand): Promise<void> {
  const records = [subject.command, ...subject.events.map((e) => e.data)];
  const named = mergeNamed([...records.map(namedIn), namedByState(subject.state)]);
  if (namesNothing(named)) return;
  const date = businessDateOf(subject.command as object) ?? subject.events.map((e) => businessDateOf(e.data)).find((d) => d !== undefined) ?? LATEST;
  const refs = new ReferencedAggregates(store);
  const { units, homeless } = await unitsConcerned(refs, named, date);

  // A unit this command registers has no stream yet: its place is the parent the same body names, from the same date.
  const registered = new Map<string, UnitState>();
  for (const data of records) {
    const { unitId, parentUnitId, effectiveFrom } = (data ?? {}) as Record<string, unknown>;
    if (typeof unitId === 'string' && typeof parentUnitId === 'string' && !(await refs.unit(unitId)))
      registered.set(unitId, { exists: true, unitId, kind: 'branch', registeredOn: date, names: [], parents: [{ from: typeof effectiveFrom === 'string' ? effectiveFrom : date, parentUnitId }] });
  }
  const allowed = new Set(scope);
  await refs.unitsWithParentsFrom([...units, ...[...registered.values()].flatMap((u) => u.parents.map((p) => p.parentUnitId!))], date, allowed);
  const loaded = refs.unitContext();
  const context = { unit: (id: string) => loaded.unit(id) ?? registered.get(id) };

  const outside = [...[...units].filter((unitId) => !inScopeFrom(unitId, date, allowed, context)), ...homeless.map((personId) => `person ${personId} (no post)`)];
  if (outside.length > 0) {
    const on = date === LATEST ? 'the latest date' : `${date} or after`;
    throw new Forbidden('outside-key-scope', `This key may act only within units ${scope.join(', ')} and their subunits; the command concerns ${outside.join(', ')} on ${on}.`);
  }
}

/**
 * The units `named` stands for on `date`, read from the referenced aggregates' streams; and the people it names who
 * hold no post then. A reference that does not exist stands for nothing: its command was refused (404) before this.
 */
async function unitsConcerned(refs: ReferencedAggregates, named: Named, date: IsoDate): Promise<{ units: Set<string>; homeless: string[] }> {
  const units = new Set(named.units);
  const persons = new Set(named.persons);
  for (const id of named.duties) {
    const duty = await refs.duty(id);
    if (duty) units.add(holderOn(duty, date).unitId);
  }
  for (const id of named.findings) {
    const finding = await refs.finding(id);
    if (finding) units.add(finding.subjectUnitId);
  }
  for (const id of named.assessments) {
    const assessment = await refs.assessment(id);
    if (assessment?.subjectUnitId !== undefined) units.add(assessment.subjectUnitId);
    if (assessment?.subjectPersonId !== undefined) persons.add(assessment.subjectPersonId);
  }
  const homeless: string[] = [];
  for (const personId of persons) {
    const held = await refs.unitsOfPostsHeld(personId, date);
    if (held.length === 0) homeless.push(personId);
    for (const unitId of held) units.add(unitId);
  }
  return { units, homeless };
}
