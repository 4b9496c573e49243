import type { Actor } from '@duty-ledger/event-store/event-store.port';

/** What the HTTP edge hands to every command: who, which request, and the optimistic-concurrency and idempotency headers. */
export interface CommandContext {
  actor: Actor;
  /** The request id: correlates every event a request writes. */
  correlationId: string;
  /** `If-Match`: a revision, `'*'` (must exist), or absent (decide against the latest state). */
  ifMatch?: number | '*';
  /**
   * `Idempotency-Key`, remembered per `caller` (API.md: scoped to the API key or the token's subject): the key's id, not
   * the principal's name, which several keys may share.
   */
  idempotency?: { key: string; caller: string; route: string; body: unknown };
  /**
   * Unit ids the principal is limited to (API_KEYS_FILE `units`, a token's `units` claim): the command must concern
   * only those units and their subunits (`checkScope`). Absent: not limited.
   */
  scope?: readonly string[];
}

/** 201 body of API.md; `replayed` marks an idempotent repeat (answered 200). */
export interface CommandResult {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  events: { eventId: string; type: string }[];
  replayed: boolean;
}
