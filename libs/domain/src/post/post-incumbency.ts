import { contains, type Interval, type IsoDate } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';
import type { PersonAppointed, PersonEvent, PersonRelieved, Tenure, TenureEvent } from '../person/person.decider';

/**
 * 职务任免 — the incumbency of one post in one unit, folded from the post's own stream (`post-<unitId>-<post>`). An
 * appointment or relief is the person's event, in their stream; the post's stream receives its term event in the same
 * atomic append, at the revision the rules were checked against, so two overlapping secretaries cannot both be
 * written. Logs written before person streams held appointments have the person's events themselves in the post's
 * stream: the fold reads both.
 */

export type PostTermOpened = DomainEvent<'PostTermOpened', Tenure>;
export type PostTermClosed = DomainEvent<'PostTermClosed', Tenure>;
export type PostTermEvent = PostTermOpened | PostTermClosed;
/** What a post's stream holds: its terms, or (written before they were) the appointments and reliefs themselves. */
export type PostStreamEvent = PostTermEvent | PersonAppointed | PersonRelieved;

export const POST_TERM_EVENTS: readonly string[] = ['PostTermOpened', 'PostTermClosed'];

export interface Term extends Interval {
  personId: string;
}

export interface PostState {
  terms: Term[];
}

export const initialPostState: PostState = { terms: [] };

/** Who held the post on `date` (several for posts that allow several incumbents). */
export function incumbentsOn(state: PostState, date: IsoDate): string[] {
  return state.terms.filter((t) => contains(t, date)).map((t) => t.personId);
}

export function evolvePost(state: PostState, event: PostStreamEvent): PostState {
  const { personId, effectiveFrom } = event.data;
  switch (event.type) {
    case 'PostTermOpened':
    case 'PersonAppointed':
      return { terms: [...state.terms, { personId, from: effectiveFrom }] };
    case 'PostTermClosed':
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

/** The fold of a post's stream, for loading it like an aggregate. */
export const postIncumbency = { evolve: evolvePost, initialState: initialPostState };

/**
 * The fold of one post's stream that keeps only that post's events. The stream's name is not unique to a post: unit
 * `x`'s `discipline-secretary` and unit `x-discipline`'s `secretary` are both `post-x-discipline-secretary` (ids and
 * post names both hold hyphens). Two posts sharing a stream share its revision, so their appointments queue; they never
 * share incumbents.
 */
export function postIncumbencyOf(unitId: string, post: string): typeof postIncumbency {
  return {
    evolve: (state, event) => (event.data.unitId === unitId && event.data.post === post ? evolvePost(state, event) : state),
    initialState: initialPostState,
  };
}

/** The post's term event for an appointment or relief decided for the person's stream. */
export function postTermOf(event: TenureEvent): PostTermEvent {
  return event.type === 'PersonAppointed' ? { type: 'PostTermOpened', data: { ...event.data } } : { type: 'PostTermClosed', data: { ...event.data } };
}

/** The post's term events for what a person's stream receives (its registration has none). */
export function postTermsOf(events: readonly PersonEvent[]): PostTermEvent[] {
  return events.flatMap((e) => (e.type === 'PersonRegistered' ? [] : [postTermOf(e)]));
}
