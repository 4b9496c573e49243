import { DuplicateEventId, StoreUnavailable, WrongExpectedRevision, type AppendRequest, type AppendResult, type ExpectedRevision } from '../event-store.port';
import type { CommitOutcome } from './sqlite-log-writer';

/** An error as it crosses to the store's thread: classes do not survive structured cloning, their fields do. */
export type WireError =
  | { kind: 'wrong-expected-revision'; streamId: string; expected: ExpectedRevision; actual: number }
  | { kind: 'duplicate-event-id'; eventId: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'error'; name: string; message: string };

export type WireOutcome = { results: AppendResult[] } | { error: WireError };

export type ToLogWriter = { type: 'commit'; batch: AppendRequest[][] } | { type: 'close' };

export type FromLogWriter =
  /** The batch is durably in the log; one outcome per request list. */
  | { type: 'committed'; outcomes: WireOutcome[] }
  /** Nothing of the batch was written. */
  | { type: 'failed'; error: WireError };

export function toWire(error: unknown): WireError {
  if (error instanceof WrongExpectedRevision) return { kind: 'wrong-expected-revision', streamId: error.streamId, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventId) return { kind: 'duplicate-event-id', eventId: error.eventId };
  if (error instanceof StoreUnavailable) return { kind: 'unavailable', message: error.message };
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  return { kind: 'error', name, message };
}

export function fromWire(error: WireError): Error {
  switch (error.kind) {
    case 'wrong-expected-revision':
      return new WrongExpectedRevision(error.streamId, error.expected, error.actual);
    case 'duplicate-event-id':
      return new DuplicateEventId(error.eventId);
    case 'unavailable':
      return new StoreUnavailable(error.message);
    default:
      return Object.assign(new Error(`the event log's writer thread failed: ${error.message}`), { name: error.name });
  }
}

export const outcomeToWire = (outcome: CommitOutcome): WireOutcome => ('results' in outcome ? outcome : { error: toWire(outcome.error) });

export const outcomeFromWire = (outcome: WireOutcome): CommitOutcome => ('results' in outcome ? outcome : { error: fromWire(outcome.error) });
