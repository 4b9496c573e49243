import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import { parentOn, type UnitContext } from '@duty-ledger/domain/unit/unit.decider';

/**
 * Fields that name a unit the command acts on or in whose name it acts, in commands, events and aggregate state alike
 * (`holder` and `scopeUnitIds` below). A report's `recipientUnitId` is left out: a branch reports *to* its committee.
 */
const UNIT_FIELDS = ['unitId', 'parentUnitId', 'subjectUnitId', 'authorUnitId', 'raisedByUnitId', 'assessedByUnitId', 'decidedByUnitId'] as const;
/**
 * People a record is *about* (its subject, its author): they stand for the units of their posts. People who take part
 * (a meeting's chair and attendees, a rectification's responsible person, a duty's acknowledger, an appointee) do not:
 * the record is the unit's, and the deciders tie the chair and the acknowledger to that unit already.
 */
const PERSON_FIELDS = ['subjectPersonId', 'authorPersonId'] as const;

/** What a command, an event or an aggregate's state names, by kind; each kind stands for units in its own way. */
export interface Named {
  units: string[];
  /** A duty stands for its holder's unit on the business date. */
  duties: string[];
  /** A finding stands for its subject unit. */
  findings: string[];
  /** An assessment (one replaced by `supersedes`) stands for its subject. */
  assessments: string[];
  /** A person stands for the units of the posts they hold on the business date. */
  persons: string[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/**
 * Every id `data` names. A duty's `parentDutyId` is left out, like a report's recipient: a delegation passes a duty
 * *down*, and its decider requires the parent to be held at or above the child's holder.
 */
export function namedIn(data: unknown): Named {
  const record = (data ?? {}) as Record<string, unknown>;
  const holder = record.holder as { unitId?: unknown } | undefined;
  return {
    units: [...UNIT_FIELDS.flatMap((field) => strings(record[field])), ...strings(holder?.unitId), ...strings(record.scopeUnitIds)],
    duties: strings(record.dutyIds),
    findings: strings(record.findingIds),
    assessments: strings(record.supersedes),
    persons: PERSON_FIELDS.flatMap((field) => strings(record[field])),
  };
}

export function mergeNamed(all: readonly Named[]): Named {
  const merged = (kind: keyof Named) => [...new Set(all.flatMap((n) => n[kind]))];
  return { units: merged('units'), duties: merged('duties'), findings: merged('findings'), assessments: merged('assessments'), persons: merged('persons') };
}

export function namesNothing(named: Named): boolean {
  return Object.values(named).every((ids: string[]) => ids.length === 0);
}

/**
 * Whether `unitId` lies in the subtree of one of `scope`'s units (itself or a descendant) on `date` and on every later
 * date the record knows of: each date from `date` on where it or an ancestor met on the way up changes parent. So a
 * backdated command cannot reach a unit that has left the subtree since (an open-ended appointment would run into the
 * other period). Fails closed: a unit the context lacks, a root, or a cycle below the scope is outside.
 */
export function inScopeFrom(unitId: string, date: IsoDate, scope: ReadonlySet<string>, context: UnitContext): boolean {
  const dates = [date];
  for (let i = 0; i < dates.length; i++) {
    const seen = new Set<string>();
    let id: string | undefined = unitId;
    while (id !== undefined && !scope.has(id)) {
      if (seen.has(id)) return false;
      seen.add(id);
      const unit = context.unit(id);
      if (!unit) return false;
      for (const { from } of unit.parents) if (from > date && !dates.includes(from)) dates.push(from);
      id = parentOn(unit, dates[i]);
    }
    if (id === undefined) return false;
  }
  return true;
}
