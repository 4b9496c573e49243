import { overlaps, type Interval, type IsoDate } from '../shared/dates';
import type { Decider } from '../shared/decider';
import { NotFound, RuleBroken } from '../shared/errors';
import { SINGLE_INCUMBENT_POSTS, type Post } from '../shared/vocabulary';
import type { PostState } from '../post/post-incumbency';
import { acceptsEndingOn, isActiveOn, type UnitState } from '../unit/unit.decider';
import { evolvePerson, initialPersonState, type PersonEvent, type PersonState, type TenureEvent } from './person.decider';

/**
 * 职务任免 — appointing a person to a post and relieving them: the person's command, decided against the post's
 * incumbency (DOMAIN §3: one incumbent at a time for secretary, discipline secretary and head; never the same person
 * twice in one post at overlapping dates; relieve only someone in post). Responsibility follows the post;
 * accountability falls on the person who held it at the time.
 */

export type AppointmentCommand =
  | { type: 'AppointPerson'; personId: string; unitId: string; post: Post; effectiveFrom: IsoDate }
  | { type: 'RelievePerson'; personId: string; unitId: string; post: Post; effectiveFrom: IsoDate };

export interface AppointmentContext {
  unit: UnitState | undefined;
  /** The post's incumbency, from its own stream. */
  post: PostState;
}

function decide(command: AppointmentCommand, person: PersonState, context: AppointmentContext): TenureEvent[] {
  const { personId, unitId, post, effectiveFrom } = command;
  if (!person.exists) throw new NotFound('person-not-found', `person ${personId} does not exist`);
  if (!context.unit?.exists) throw new NotFound('unit-not-found', `unit ${unitId} does not exist`);
  const terms = context.post.terms;
  const data = { personId, unitId, post, effectiveFrom };
  switch (command.type) {
    case 'AppointPerson': {
      if (!isActiveOn(context.unit, effectiveFrom))
        throw new RuleBroken('unit-not-active', `unit ${unitId} is not registered, or is dissolved, on ${effectiveFrom}`);
      const term: Interval = { from: effectiveFrom };
      if (terms.some((t) => t.personId === personId && overlaps(t, term)))
        throw new RuleBroken('already-in-post', `person ${personId} already holds ${post} in ${unitId} at dates overlapping ${effectiveFrom}`);
      const holder = terms.find((t) => overlaps(t, term));
      if (SINGLE_INCUMBENT_POSTS.includes(post) && holder)
        throw new RuleBroken('post-occupied', `${post} of ${unitId} has one incumbent at a time and ${holder.personId} holds it at dates overlapping ${effectiveFrom}: relieve first`);
      return [{ type: 'PersonAppointed', data }];
    }
    case 'RelievePerson': {
      if (!acceptsEndingOn(context.unit, effectiveFrom))
        throw new RuleBroken('unit-not-active', `unit ${unitId} is not registered on ${effectiveFrom}, or was dissolved before it`);
      const open = terms.find((t) => t.personId === personId && t.to === undefined && t.from <= effectiveFrom);
      if (!open) throw new RuleBroken('not-in-post', `person ${personId} does not hold ${post} in ${unitId} on ${effectiveFrom}`);
      return [{ type: 'PersonRelieved', data }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** Written to the person's stream (its state is the person's); the handler appends the post's term event with it. */
export const appointmentDecider: Decider<AppointmentCommand, PersonEvent, PersonState, AppointmentContext> = {
  decide,
  evolve: evolvePerson,
  initialState: initialPersonState,
};
