import { contains, overlaps, type Interval, type IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { NotFound, RuleBroken } from '../shared/errors';
import { SINGLE_INCUMBENT_POSTS, type Post } from '../shared/vocabulary';
import { acceptsEndingOn, isActiveOn, type UnitState } from '../unit/unit.decider';

/**
 * 职务任免 — the incumbency of one post in one unit. Appointments and reliefs of a post share its stream
 * (`post-<unitId>-<post>`), so the expected revision forbids two overlapping secretaries being written at once.
 * Responsibility follows the post; accountability falls on the person who held it at the time.
 */

export type PostCommand =
  | { type: 'AppointPerson'; personId: string; unitId: string; post: Post; effectiveFrom: IsoDate }
  | { type: 'RelievePerson'; personId: string; unitId: string; post: Post; effectiveFrom: IsoDate };

type Tenure = { personId: string; unitId: string; post: Post; effectiveFrom: IsoDate };
export type PersonAppointed = DomainEvent<'PersonAppointed', Tenure>;
export type PersonRelieved = DomainEvent<'PersonRelieved', Tenure>;
export type PostEvent = PersonAppointed | PersonRelieved;

export interface Term extends Interval {
  personId: string;
}

export interface PostState {
  terms: Term[];
}

export interface PostContext {
  unit: UnitState | undefined;
  personExists: boolean;
}

export const initialPostState: PostState = { terms: [] };

/** Who held the post on `date` (several for posts that allow several incumbents). */
export function incumbentsOn(state: PostState, date: IsoDate): string[] {
  return state.terms.filter((t) => contains(t, date)).map((t) => t.personId);
}

function decide(command: PostCommand, state: PostState, context: PostContext): PostEvent[] {
  const { personId, unitId, post, effectiveFrom } = command;
  if (!context.personExists) throw new NotFound('person-not-found', `person ${personId} does not exist`);
  if (!context.unit?.exists) throw new NotFound('unit-not-found', `unit ${unitId} does not exist`);
  const data = { personId, unitId, post, effectiveFrom };
  switch (command.type) {
    case 'AppointPerson': {
      if (!isActiveOn(context.unit, effectiveFrom))
        throw new RuleBroken('unit-not-active', `unit ${unitId} is not registered, or is dissolved, on ${effectiveFrom}`);
      const term: Interval = { from: effectiveFrom };
      if (state.terms.some((t) => t.personId === personId && overlaps(t, term)))
        throw new RuleBroken('already-in-post', `person ${personId} already holds ${post} in ${unitId} at dates overlapping ${effectiveFrom}`);
      const holder = state.terms.find((t) => overlaps(t, term));
      if (SINGLE_INCUMBENT_POSTS.includes(post) && holder)
        throw new RuleBroken('post-occupied', `${post} of ${unitId} has one incumbent at a time and ${holder.personId} holds it at dates overlapping ${effectiveFrom}: relieve first`);
      return [{ type: 'PersonAppointed', data }];
    }
    case 'RelievePerson': {
      if (!acceptsEndingOn(context.unit, effectiveFrom))
        throw new RuleBroken('unit-not-active', `unit ${unitId} is not registered on ${effectiveFrom}, or was dissolved before it`);
      const open = state.terms.find((t) => t.personId === personId && t.to === undefined && t.from <= effectiveFrom);
      if (!open) throw new RuleBroken('not-in-post', `person ${personId} does not hold ${post} in ${unitId} on ${effectiveFrom}`);
      return [{ type: 'PersonRelieved', data }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function evolve(state: PostState, event: PostEvent): PostState {
  const { personId, effectiveFrom } = event.data;
  switch (event.type) {
    case 'PersonAppointed':
      return { terms: [...state.terms, { personId, from: effectiveFrom }] };
    case 'PersonRelieved':
      return {
        terms: state.terms.map((t) => (t.personId === personId && t.to === undefined && t.from <= effectiveFrom ? { ...t, to: effectiveFrom } : t)),
      };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const postDecider: Decider<PostCommand, PostEvent, PostState, PostContext> = { decide, evolve, initialState: initialPostState };
