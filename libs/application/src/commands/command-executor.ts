import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { businessDateOf } from '@duty-ledger/domain/shared/business-date';
import { currentSchemaVersion } from '@duty-ledger/domain/shared/upcasters';
import type { Decider, DomainEvent } from '@duty-ledger/domain/shared/decider';
import { Conflict, DomainError, NotFound } from '@duty-ledger/domain/shared/errors';
import { EVENT_STORE, WrongExpectedRevision, type AppendRequest, type EventStore, type ExpectedRevision, type NewEvent } from '@duty-ledger/event-store/event-store.port';
import { loadAggregate, rememberAppended, type Loaded } from './aggregate-loader';
import type { CommandContext, CommandResult } from './command-context';
import { checkScope } from './command-scope';
import { rememberKey, replay } from './idempotency';
import { StreamTurns } from './stream-turns';

export const SCHEMA_VERSION = 1;
/** Explicit, bounded retries when another writer moved the stream between our read and our append (no If-Match). */
const MAX_ATTEMPTS = 5;

/** A write-once or versioned fact kept in a stream of its own (`guard-<rule>-<key>`), guarded by its revision. */
export interface GuardAppend {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: DomainEvent[];
}

export interface CommandPlan<Command, Event extends DomainEvent, State, Context> {
  id: string;
  streamId: string;
  /** A create: the stream must not exist (`If-Match` is ignored). */
  create: boolean;
  decider: Decider<Command, Event, State, Context>;
  command: Command;
  /** Reads the other aggregates the command refers to, from their streams. */
  context(state: State): Promise<Context>;
  /** Guard streams for invariants that span streams, appended atomically with the events. */
  guards?(events: Event[], state: State): GuardAppend[];
  /**
   * Guard streams other commands share whose turn this one takes too (./stream-turns.ts), where racing them would
   * refuse a command the rules allow: appointments of different people to one post all append its incumbency.
   */
  turnsOn?: readonly string[];
}

/**
 * read → evolve → decide → append with the expected revision; the one path every command takes. Commands on one
 * stream take turns in this process (./stream-turns.ts); the expected revision guards against every other writer.
 */
@Injectable()
export class CommandExecutor {
  private readonly turns = new StreamTurns();
  /** Attempts made again because another writer moved a stream between the command's read and its append. */
  readonly contention = { retries: 0 };

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute<C, E extends DomainEvent, S, X>(ctx: CommandContext, plan: CommandPlan<C, E, S, X>): Promise<CommandResult> {
    return this.turns.takeAll([plan.streamId, ...(plan.turnsOn ?? [])], () => this.executeInTurn(ctx, plan));
  }

  private async executeInTurn<C, E extends DomainEvent, S, X>(ctx: CommandContext, plan: CommandPlan<C, E, S, X>): Promise<CommandResult> {
    const earlier = await replay(this.store, ctx);
    if (earlier) return earlier;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(ctx, plan, attempt > 1);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw this.translate(error, ctx, plan);
        const concurrentRepeat = await replay(this.store, ctx);
        if (concurrentRepeat) return concurrentRepeat;
        if (ctx.ifMatch !== undefined && !plan.create && error.streamId === plan.streamId) throw this.translate(error, ctx, plan);
        this.contention.retries++;
      }
    }
  }

  /**
   * One read → decide → append. `fresh`: read the stream from the log. Otherwise a state this process has folded is
   * decided on as it is, where the append's expected revision will catch a stream others have moved since (a
   * WrongExpectedRevision, retried fresh); a refusal decided on it is decided again on a fresh read.
   */
  private async attempt<C, E extends DomainEvent, S, X>(ctx: CommandContext, plan: CommandPlan<C, E, S, X>, fresh: boolean): Promise<CommandResult> {
    // A create or `If-Match: *` appends without the loaded revision as its expected revision: nothing would verify it.
    const fromCache = !fresh && !plan.create && ctx.ifMatch !== '*';
    const loaded = await loadAggregate(this.store, plan.streamId, plan.decider, { fromCache });
    let decided: E[];
    try {
      decided = await this.decide(ctx, plan, loaded);
    } catch (error) {
      if (loaded.unverified) return this.attempt(ctx, plan, true);
      throw error;
    }
    const { state, revision } = loaded;
    const commandId = randomUUID();
    const metadataFor = (event: { type?: string; data: object }): NewEvent['metadata'] => ({
      actor: ctx.actor,
      commandId,
      correlationId: ctx.correlationId,
      causationId: commandId,
      idempotencyKey: ctx.idempotency?.key,
      businessDate: businessDateOf(event.data),
      schemaVersion: event.type ? currentSchemaVersion(event.type) : SCHEMA_VERSION,
    });
    const events: NewEvent[] = decided.map((e) => ({ type: e.type, data: { ...e.data } as Record<string, unknown>, metadata: metadataFor(e) }));
    const expectedRevision: ExpectedRevision = plan.create ? 'no_stream' : ctx.ifMatch === '*' ? 'stream_exists' : revision;
    const guards: AppendRequest[] = (plan.guards?.(decided, state) ?? []).map((g) => ({
      streamId: g.streamId,
      expectedRevision: g.expectedRevision,
      events: g.events.map((e) => ({ type: e.type, data: { ...e.data } as Record<string, unknown>, metadata: metadataFor(e) })),
    }));
    const key = rememberKey(
      ctx,
      { id: plan.id, streamId: plan.streamId, firstRevision: revision + 1, lastRevision: revision + events.length },
      metadataFor({ data: {} }),
      decided,
    );
    const written = await this.store.appendMany([{ streamId: plan.streamId, events, expectedRevision }, ...guards, ...(key ? [key] : [])]);
    const [main] = written;
    rememberAppended(this.store, plan.streamId, plan.decider, loaded, main.events);
    return {
      id: plan.id,
      streamId: main.streamId,
      revision: main.revision,
      // API.md: the position of the last event written, the command's guards and idempotency key included.
      position: Math.max(...written.map((w) => w.position)),
      events: main.events.map((e) => ({ eventId: e.eventId, type: e.type })),
      replayed: false,
    };
  }

  /** The events the command decides on the loaded state, or its refusal in API.md's order. */
  private async decide<C, E extends DomainEvent, S, X>(ctx: CommandContext, plan: CommandPlan<C, E, S, X>, { state, revision }: Loaded<S>): Promise<E[]> {
    const context = await plan.context(state);
    const ifMatchFails = !plan.create && ctx.ifMatch !== undefined && ctx.ifMatch !== '*' && ctx.ifMatch !== revision && revision >= 0;
    let decided: E[] = [];
    let refusal: { error: unknown } | undefined;
    try {
      decided = plan.decider.decide(plan.command, state, context);
    } catch (error) {
      // API.md's order: 404 first, then 403 (unit scope), then 409 (If-Match), then the other domain refusals.
      if (error instanceof NotFound) throw error;
      if (plan.create && revision >= 0) throwMissingReference(plan, context);
      refusal = { error };
    }
    if (ctx.scope) await checkScope(this.store, ctx.scope, { command: plan.command, state, events: decided });
    if (ifMatchFails) throw revisionMismatch(plan.streamId, ctx.ifMatch, revision);
    if (refusal) throw refusal.error;
    return decided;
  }

  private translate(error: unknown, ctx: CommandContext, plan: { streamId: string; create: boolean }): unknown {
    if (!(error instanceof WrongExpectedRevision)) return error;
    if (error.streamId === plan.streamId && plan.create) return new Conflict('exists', `${plan.streamId} exists already`);
    if (error.streamId === plan.streamId) return revisionMismatch(plan.streamId, ctx.ifMatch, error.actual);
    return new Conflict('concurrent-change', `a concurrent command changed ${error.streamId}: retry`);
  }
}

/**
 * A create naming an id that is taken is refused by its decider before it looks at the command's references: decided
 * again as if the id were free, a reference that does not exist still answers first (API.md: 404, then 409).
 */
function throwMissingReference<C, E extends DomainEvent, S, X>(plan: CommandPlan<C, E, S, X>, context: X): void {
  try {
    plan.decider.decide(plan.command, plan.decider.initialState, context);
  } catch (error) {
    if (error instanceof NotFound) throw error;
  }
}

function revisionMismatch(streamId: string, expected: number | '*' | undefined, actual: number): DomainError {
  return new Conflict('revision-mismatch', `${streamId} is at revision ${actual}, not ${String(expected)} (If-Match)`);
}
