import { yearOf, type IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { requireReferences } from '../shared/references';
import { Conflict, RuleBroken } from '../shared/errors';
import { COMMITTEE_ANNUAL_MEETINGS, POSTS, SECONDARY_UNIT_MEETINGS, type MeetingKind, type Post } from '../shared/vocabulary';
import type { DutyState } from '../duty/duty.decider';
import { incumbentsOn, type PostState } from '../post/post-incumbency';
import { isActiveOn, withoutUndefined, type UnitContext } from '../unit/unit.decider';

/** 会议 — a meeting held by a unit to perform its duties (履责): the committee's annual three, the secondary "three meetings", and others. */

export interface MeetingTerms {
  unitId: string;
  kind: MeetingKind;
  heldOn: IsoDate;
  chairPersonId?: string;
  attendeePersonIds: string[];
  agenda: string[];
  decisions: string[];
  dutyIds: string[];
}

export type HoldMeeting = { type: 'HoldMeeting'; meetingId: string } & MeetingTerms;
export type MeetingCommand = HoldMeeting;

export type MeetingHeld = DomainEvent<'MeetingHeld', { meetingId: string } & MeetingTerms>;
export type MeetingEvent = MeetingHeld;

export interface MeetingState extends MeetingTerms {
  exists: boolean;
  meetingId: string;
}

/**
 * The unit, people, posts and duties a meeting names, read by the handler from their streams; and
 * `annualMeetingHeld`: whether the guard stream of `annualMeetingGuardKey` already holds a meeting.
 */
export interface MeetingContext extends UnitContext {
  post(unitId: string, post: Post): PostState;
  personExists(personId: string): boolean;
  duty(dutyId: string): DutyState | undefined;
  annualMeetingHeld: boolean;
}

export const initialMeetingState: MeetingState = {
  exists: false,
  meetingId: '',
  unitId: '',
  kind: 'special',
  heldOn: '',
  attendeePersonIds: [],
  agenda: [],
  decisions: [],
  dutyIds: [],
};

/**
 * A committee holds each of its three annual meetings at most once a year: a uniqueness rule across
 * meeting streams. The handler appends to a guard stream named by this key (expected revision: none),
 * so a second meeting of that kind and year is refused even when two arrive at once. Undefined: no guard.
 */
export function annualMeetingGuardKey(meeting: MeetingEvent | MeetingCommand): string | undefined {
  const { unitId, kind, heldOn } = 'data' in meeting ? meeting.data : meeting;
  return COMMITTEE_ANNUAL_MEETINGS.includes(kind) ? `${unitId}-${kind}-${yearOf(heldOn)}` : undefined;
}

function decide(command: MeetingCommand, state: MeetingState, context: MeetingContext): MeetingEvent[] {
  switch (command.type) {
    case 'HoldMeeting': {
      if (state.exists) throw new Conflict('meeting-exists', `meeting ${command.meetingId} exists already`);
      const { type: _type, meetingId, ...terms } = command;
      requireReferences(context, { units: [terms.unitId], persons: [terms.chairPersonId, ...terms.attendeePersonIds], duties: terms.dutyIds });
      // A uniqueness rule answers before the other rules (API.md: 409, then 422).
      if (context.annualMeetingHeld)
        throw new Conflict('annual-meeting-held', `${terms.unitId} has already held its ${terms.kind} meeting of ${yearOf(terms.heldOn)}: once a year`);
      const unit = context.unit(terms.unitId)!;
      if (!isActiveOn(unit, terms.heldOn)) throw new RuleBroken('unit-not-active', `unit ${terms.unitId} is not registered, or is dissolved, on ${terms.heldOn}`);
      if (COMMITTEE_ANNUAL_MEETINGS.includes(terms.kind) && unit.kind !== 'party-committee')
        throw new RuleBroken('annual-meeting-needs-committee', `the ${terms.kind} meeting is one of the three annual meetings held only by a party committee`);
      if (SECONDARY_UNIT_MEETINGS.includes(terms.kind) && (unit.kind === 'party-committee' || unit.kind === 'discipline-committee'))
        throw new RuleBroken('secondary-meeting-needs-secondary-unit', `the ${terms.kind} meeting is one of the "three meetings" of a secondary unit, not of a ${unit.kind}`);
      const chair = terms.chairPersonId;
      if (chair !== undefined && !POSTS.values.some((post) => incumbentsOn(context.post(terms.unitId, post), terms.heldOn).includes(chair)))
        throw new RuleBroken('chair-not-in-post', `the chair ${chair} holds no post in ${terms.unitId} on ${terms.heldOn}`);
      return [{ type: 'MeetingHeld', data: withoutUndefined({ meetingId, ...terms }) }];
    }
    default: {
      const _exhaustive: never = command.type;
      return _exhaustive;
    }
  }
}

function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case 'MeetingHeld':
      return { ...initialMeetingState, ...event.data, exists: true };
    default: {
      const _exhaustive: never = event.type;
      return _exhaustive;
    }
  }
}

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState, MeetingContext> = { decide, evolve, initialState: initialMeetingState };
