import { createHash } from 'node:crypto';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';
import type { AppendRequest, EventStore, NewEvent, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
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
  /**
   * Body fields left out of `bodyHash` because the events keep them confidential (an accountability's rationale): every
   * role reads this event, and an unsalted hash of a body whose other fields the event feed shows would let anyone test
   * guesses of the withheld value. A repeat's values are compared with the events' own instead. Set since it was; keys
   * remembered before hashed the whole body.
   */
  withheld?: string[];
}

/**
 * The route a key is remembered with: the method and the path as routed, each segment percent-decoded, so that
 * `/v1/units/org%3A1/rename` and `/v1/units/org:1/rename` are one route and target (API.md "Idempotency"). Ids hold no
 * `/`, so no decoded segment splits; one that does not decode is kept as sent. Plain paths read as they always did.
 */
export function routeOf(method: string, url: string): string {
  const decoded = url
    .split('?')[0]
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return `${method} ${decoded.join('/')}`;
}

/** A remembered route as routeOf gives it now: keys remembered before kept the path as it was sent, escapes and all. */
function rememberedRoute(route: string): string {
  const space = route.indexOf(' ');
  return space < 0 ? route : routeOf(route.slice(0, space), route.slice(space + 1));
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

function bodyHash(body: unknown, withheld: readonly string[] = []): string {
  const hashed = withheld.length > 0 && isRecord(body) ? Object.fromEntries(Object.entries(body).filter(([field]) => !withheld.includes(field))) : body;
  return createHash('sha256').update(canonicalJson(hashed ?? null), 'utf8').digest('hex');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields the events keep confidential (CONFIDENTIAL_FIELDS), which a body of the same names carries in plain. */
function confidentialIn(events: readonly { type: string }[]): string[] {
  return [...new Set(events.flatMap((e) => CONFIDENTIAL_FIELDS[e.type] ?? []))].sort();
}

/** A withheld field of a repeat holds what the first command's events hold. */
function sameWithheld(body: unknown, withheld: readonly string[], written: readonly RecordedEvent[]): boolean {
  const sent = isRecord(body) ? body : {};
  return withheld.every((field) =>
    written.filter((e) => CONFIDENTIAL_FIELDS[e.type]?.includes(field)).every((e) => canonicalJson(e.data[field] ?? null) === canonicalJson(sent[field] ?? null)),
  );
}

/** The first answer for this key, `undefined` when the key is new; 422 when it was used for another route or body. */
export async function replay(store: EventStore, ctx: CommandContext): Promise<CommandResult | undefined> {
  if (!ctx.idempotency) return undefined;
  const used = (await firstUse(store, idempotencyStream(ctx))) ?? (await firstUse(store, nameScopedStream(ctx)));
  if (!used) return undefined;
  const use = used.data as unknown as KeyUse;
  const withheld = use.withheld ?? [];
  const reused = () => new RuleBroken('idempotency-key-reused', 'this Idempotency-Key was used before with another route or body');
  if (rememberedRoute(use.route) !== ctx.idempotency.route || use.bodyHash !== bodyHash(ctx.idempotency.body, withheld)) throw reused();
  const written = await store.readStream(use.streamId, { fromRevision: use.firstRevision, limit: use.lastRevision - use.firstRevision + 1 });
  if (!sameWithheld(ctx.idempotency.body, withheld, written)) throw reused();
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

/** The guard append that remembers the key with the answer's coordinates; `events`, the command's, say what to withhold. */
export function rememberKey(
  ctx: CommandContext,
  answer: { id: string; streamId: string; firstRevision: number; lastRevision: number },
  metadata: NewEvent['metadata'],
  events: readonly { type: string }[],
): AppendRequest | undefined {
  const streamId = idempotencyStream(ctx);
  if (!streamId || !ctx.idempotency) return undefined;
  const withheld = confidentialIn(events);
  const data: KeyUse = {
    route: ctx.idempotency.route,
    bodyHash: bodyHash(ctx.idempotency.body, withheld),
    ...answer,
    answeredLastWritten: true,
    ...(withheld.length > 0 ? { withheld } : {}),
  };
  return { streamId, expectedRevision: 'no_stream', events: [{ type: IDEMPOTENCY_KEY_USED, data: { ...data }, metadata }] };
}
