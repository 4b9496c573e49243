import { createHash } from 'node:crypto';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';
import type { AppendRequest, EventStore, NewEvent } from '@duty-ledger/event-store/event-store.port';
import { RuleBroken } from '@duty-ledger/domain/shared/errors';
import { streams } from '../streams';
import type { CommandContext, CommandResult } from './command-context';

/**
 * Idempotency keys are write-once facts: a guard stream per (caller's API key or token subject, key), appended atomically with the command's
 * events, so a repeat — even a concurrent one — finds the first answer and writes nothing. Keys live for ever in the log.
 */
export const IDEMPOTENCY_KEY_USED = 'IdempotencyKeyUsed';

interface KeyUse {
  route: string;
  bodyHash: string;
  id: string;
  streamId: string;
  firstRevision: number;
  lastRevision: number;
  /**
   * The answer's position was the last event the command wrote, this key's own event (appended last) or later: set
   * since it was. Keys remembered before answered with the position of the command's own stream's last event.
   */
  answeredLastWritten?: true;
}

export function idempotencyStream(ctx: CommandContext): string | undefined {
  if (!ctx.idempotency) return undefined;
  return streams.guard('idempotency-key', digest(`${ctx.idempotency.caller}\n${ctx.idempotency.key}`));
}

/**
 * Where keys were remembered before they were scoped to the API key: by the principal's name. A repeat of a command
 * made then still finds its first answer there (never written any more).
 */
function nameScopedStream(ctx: CommandContext): string | undefined {
  if (!ctx.idempotency) return undefined;
  return streams.guard('idempotency', digest(`${ctx.actor.name}\n${ctx.idempotency.key}`));
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 40);

const bodyHash = (body: unknown) => createHash('sha256').update(canonicalJson(body ?? null), 'utf8').digest('hex');

/** The first answer for this key, `undefined` when the key is new; 422 when it was used for another route or body. */
export async function replay(store: EventStore, ctx: CommandContext): Promise<CommandResult | undefined> {
  if (!ctx.idempotency) return undefined;
  const used = (await firstUse(store, idempotencyStream(ctx))) ?? (await firstUse(store, nameScopedStream(ctx)));
  if (!used) return undefined;
  const use = used.data as unknown as KeyUse;
  if (use.route !== ctx.idempotency.route || use.bodyHash !== bodyHash(ctx.idempotency.body))
    throw new RuleBroken('idempotency-key-reused', 'this Idempotency-Key was used before with another route or body');
  const written = await store.readStream(use.streamId, { fromRevision: use.firstRevision, limit: use.lastRevision - use.firstRevision + 1 });
  const last = written[written.length - 1];
  return {
    id: use.id,
    streamId: use.streamId,
    revision: use.lastRevision,
    position: use.answeredLastWritten ? Math.max(last.position, used.position) : last.position,
    events: written.map((e) => ({ eventId: e.eventId, type: e.type })),
    replayed: true,
  };
}

async function firstUse(store: EventStore, streamId: string | undefined) {
  if (!streamId) return undefined;
  const [used] = await store.readStream(streamId, { limit: 1 });
  return used;
}

/** The guard append that remembers the key with the answer's coordinates. */
export function rememberKey(
  ctx: CommandContext,
  answer: { id: string; streamId: string; firstRevision: number; lastRevision: number },
  metadata: NewEvent['metadata'],
): AppendRequest | undefined {
  const streamId = idempotencyStream(ctx);
  if (!streamId || !ctx.idempotency) return undefined;
  const data: KeyUse = { route: ctx.idempotency.route, bodyHash: bodyHash(ctx.idempotency.body), ...answer, answeredLastWritten: true };
  return { streamId, expectedRevision: 'no_stream', events: [{ type: IDEMPOTENCY_KEY_USED, data: { ...data }, metadata }] };
}
