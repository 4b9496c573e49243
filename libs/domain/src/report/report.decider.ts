import type { IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { requireReferences } from '../shared/references';
import { Conflict, RuleBroken } from '../shared/errors';
import type { ReportKind } from '../shared/vocabulary';
import type { DutyState } from '../duty/duty.decider';
import { isActiveOn, withoutUndefined, type UnitContext } from '../unit/unit.decider';

/** 报告 — the "three reports" (三报告) by which a unit or a person accounts for its duties (履责). */

export interface ReportTerms {
  kind: ReportKind;
  authorUnitId?: string;
  authorPersonId?: string;
  recipientUnitId?: string;
  year: number;
  dutyIds: string[];
  summary: string;
  submittedOn: IsoDate;
}

export type SubmitReport = { type: 'SubmitReport'; reportId: string } & ReportTerms;
export type ReportCommand = SubmitReport;

export type ReportSubmitted = DomainEvent<'ReportSubmitted', { reportId: string } & ReportTerms>;
export type ReportEvent = ReportSubmitted;

export interface ReportState extends ReportTerms {
  exists: boolean;
  reportId: string;
}

/** The units, people and duties a report names, read by the handler from their streams. */
export interface ReportContext extends UnitContext {
  personExists(personId: string): boolean;
  duty(dutyId: string): DutyState | undefined;
}

export const initialReportState: ReportState = { exists: false, reportId: '', kind: 'written-report', year: 0, dutyIds: [], summary: '', submittedOn: '' };

function decide(command: ReportCommand, state: ReportState, context: ReportContext): ReportEvent[] {
  switch (command.type) {
    case 'SubmitReport': {
      if (state.exists) throw new Conflict('report-exists', `report ${command.reportId} exists already`);
      const { type: _type, reportId, ...terms } = command;
      // API.md: every reference is found (404) before any rule is judged (422).
      requireReferences(context, { units: [terms.authorUnitId, terms.recipientUnitId], persons: [terms.authorPersonId], duties: terms.dutyIds });
      if (terms.authorUnitId === undefined && terms.authorPersonId === undefined)
        throw new RuleBroken('report-needs-author', 'a report names its author: a unit, a person, or both');
      // DOMAIN §6: the author and the recipient exist as units on the day the report is submitted.
      for (const [role, unitId] of [['author', terms.authorUnitId], ['recipient', terms.recipientUnitId]] as const)
        if (unitId !== undefined && !isActiveOn(context.unit(unitId), terms.submittedOn))
          throw new RuleBroken('unit-not-active', `${role} unit ${unitId} is not registered, or is dissolved, on ${terms.submittedOn}`);
      return [{ type: 'ReportSubmitted', data: withoutUndefined({ reportId, ...terms }) }];
    }
    default: {
      const _exhaustive: never = command.type;
      return _exhaustive;
    }
  }
}

function evolve(state: ReportState, event: ReportEvent): ReportState {
  switch (event.type) {
    case 'ReportSubmitted':
      return { ...initialReportState, ...event.data, exists: true };
    default: {
      const _exhaustive: never = event.type;
      return _exhaustive;
    }
  }
}

export const reportDecider: Decider<ReportCommand, ReportEvent, ReportState, ReportContext> = { decide, evolve, initialState: initialReportState };
