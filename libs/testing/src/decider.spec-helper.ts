import type { Decider } from '@duty-ledger/domain/shared/decider';
import type { DomainError } from '@duty-ledger/domain/shared/errors';

type ErrorClass = abstract new (...args: never[]) => DomainError;

/**
 * Given / when / then over a decider:
 *   spec(dutyDecider).given([assigned], context).when(close).then([closed])
 *   spec(dutyDecider).given([], context).when(assign).thenThrows(RuleBroken, 'first-needs-secretary-post')
 */
export function spec<Command, Event, State, Context>(decider: Decider<Command, Event, State, Context>) {
  return {
    given(events: readonly Event[], context?: Context) {
      const state = events.reduce(decider.evolve, decider.initialState);
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state, context as Context);
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows(error: ErrorClass, rule?: string): void {
              let thrown: unknown;
              try {
                run();
              } catch (e) {
                thrown = e;
              }
              expect(thrown).toBeInstanceOf(error);
              if (rule !== undefined) expect((thrown as DomainError).rule).toBe(rule);
            },
          };
        },
      };
    },
  };
}
