/**
 * A decider (Chassaing; Emmett; EventSourcing.NodeJS samples/decider): pure functions over discriminated unions.
 * `context` holds the other aggregates a command refers to, read from their streams by the handler — so the
 * decider stays pure and never reaches for I/O, a clock or a random id: those come in with the command.
 */
export interface Decider<Command, Event, State, Context = undefined> {
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

/** A domain event as deciders see it: a type and its data. The store adds the envelope. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

export function fold<Event, State>(evolve: (state: State, event: Event) => State, initial: State, events: readonly Event[]): State {
  return events.reduce(evolve, initial);
}
