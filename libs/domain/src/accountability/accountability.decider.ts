import type { IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { requireReferences } from '../shared/references';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { FORM_OF_MEASURE, UNIT_SUBJECT_MEASURES, type AccountabilityRole, type Form, type Measure } from '../shared/vocabulary';
import type { DutyState } from '../duty/duty.decider';
import type { FindingState } from '../finding/finding.decider';
import { withoutUndefined, type UnitContext } from '../unit/unit.decider';

/**
 * 问责 — an accountability decision on a person or a unit, in one of the four forms (四种形态); `role`
 * makes "one case, two investigations" (一案双查) explicit. Confidential: the read side guards the rationale.
 */

export interface AccountabilityTerms {
  findingIds: string[];
  subjectPersonId?: string;
  subjectUnitId?: string;
  role: AccountabilityRole;
  form: Form;
  measure: Measure;
  decidedByUnitId: string;
  decidedOn: IsoDate;
  rationale: string;
  dutyIds: string[];
}

export type ApplyAccountability = { type: 'ApplyAccountability'; caseId: string } & AccountabilityTerms;
export type RevokeAccountability = { type: 'RevokeAccountability'; caseId: string; revokedOn: IsoDate; reason: string };
export type AccountabilityCommand = ApplyAccountability | RevokeAccountability;

export type AccountabilityApplied = DomainEvent<'AccountabilityApplied', { caseId: string } & AccountabilityTerms>;
export type AccountabilityRevoked = DomainEvent<'AccountabilityRevoked', { caseId: string; revokedOn: IsoDate; reason: string }>;
export type AccountabilityEvent = AccountabilityApplied | AccountabilityRevoked;

export interface AccountabilityState extends AccountabilityTerms {
  exists: boolean;
  caseId: string;
  revokedOn?: IsoDate;
  revocationReason?: string;
}

/** The findings, units, people and duties a decision names, read by the handler from their streams. */
export interface AccountabilityContext extends UnitContext {
  finding(findingId: string): FindingState | undefined;
  personExists(personId: string): boolean;
  duty(dutyId: string): DutyState | undefined;
}

export const initialAccountabilityState: AccountabilityState = {
  exists: false,
  caseId: '',
  findingIds: [],
  role: 'direct',
  form: 1,
  measure: 'talk-reminder',
  decidedByUnitId: '',
  decidedOn: '',
  rationale: '',
  dutyIds: [],
};

function decide(command: AccountabilityCommand, state: AccountabilityState, context: AccountabilityContext): AccountabilityEvent[] {
  switch (command.type) {
    case 'ApplyAccountability': {
      if (state.exists) throw new Conflict('case-exists', `accountability case ${command.caseId} exists already`);
      const { type: _type, caseId, ...terms } = command;
      // API.md: every reference is found (404) before any rule is judged (422).
      requireCaseReferences(terms, context);
      if ((terms.subjectPersonId === undefined) === (terms.subjectUnitId === undefined))
        throw new RuleBroken('one-subject', 'an accountability decision names exactly one subject: a person or a unit');
      if (terms.findingIds.length === 0) throw new RuleBroken('finding-required', 'an accountability decision rests on at least one finding');
      if (FORM_OF_MEASURE[terms.measure] !== terms.form)
        throw new RuleBroken('measure-form-mismatch', `the measure ${terms.measure} belongs to form ${FORM_OF_MEASURE[terms.measure]}, not form ${terms.form}`);
      if (terms.subjectUnitId !== undefined && !UNIT_SUBJECT_MEASURES.includes(terms.measure))
        throw new RuleBroken('measure-not-for-unit', `a unit as subject takes only ${UNIT_SUBJECT_MEASURES.join(', ')}, not ${terms.measure}`);
      const decider = context.unit(terms.decidedByUnitId)!;
      if (decider.kind !== 'discipline-committee' && decider.kind !== 'party-committee')
        throw new RuleBroken('decider-not-committee', `accountability is decided by a discipline committee or a party committee, not by a ${decider.kind}`);
      // A decision answers problems that had occurred: as a revocation cannot precede its decision.
      const later = terms.findingIds.map((id) => context.finding(id)!).find((finding) => terms.decidedOn < finding.occurredOn);
      if (later) throw new RuleBroken('decided-before-occurrence', `a decision of ${terms.decidedOn} cannot precede finding ${later.findingId}, which occurred on ${later.occurredOn}`);
      return [{ type: 'AccountabilityApplied', data: withoutUndefined({ caseId, ...terms }) }];
    }
    case 'RevokeAccountability': {
      if (!state.exists) throw new NotFound('case-not-found', `accountability case ${command.caseId} does not exist`);
      if (state.revokedOn !== undefined) throw new RuleBroken('already-revoked', `accountability case ${state.caseId} was revoked on ${state.revokedOn}`);
      if (command.revokedOn < state.decidedOn)
        throw new RuleBroken('revoked-before-decision', `a revocation on ${command.revokedOn} cannot precede the decision of ${state.decidedOn}`);
      return [{ type: 'AccountabilityRevoked', data: { caseId: state.caseId, revokedOn: command.revokedOn, reason: command.reason } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function requireCaseReferences(terms: AccountabilityTerms, context: AccountabilityContext): void {
  requireReferences(context, {
    findings: terms.findingIds,
    persons: [terms.subjectPersonId],
    units: [terms.subjectUnitId, terms.decidedByUnitId],
    duties: terms.dutyIds,
  });
}

function evolve(state: AccountabilityState, event: AccountabilityEvent): AccountabilityState {
  switch (event.type) {
    case 'AccountabilityApplied':
      return { ...initialAccountabilityState, ...event.data, exists: true };
    case 'AccountabilityRevoked':
      return { ...state, revokedOn: event.data.revokedOn, revocationReason: event.data.reason };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const accountabilityDecider: Decider<AccountabilityCommand, AccountabilityEvent, AccountabilityState, AccountabilityContext> = {
  decide,
  evolve,
  initialState: initialAccountabilityState,
};
