import { MemoryEventStore } from '@duty-ledger/event-store/memory/memory.event-store';
import type { CommandContext } from './command-context';
import { createHash } from 'node:crypto';
import { idempotencyStream, rememberKey, replay } from './idempotency';

const meta = { actor: { name: 'integrator', role: 'integrator' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const ctx: CommandContext = { actor: meta.actor, correlationId: 'r', idempotency: { key: 'k', caller: 'key-a', route: 'POST /v1/people', body: { name: 'K' } } };

/** A command's event and its key, appended together as the executor appends them; `answer` as the key records it. */
async function written(store: MemoryEventStore, keyData: (use: Record<string, unknown>) => Record<string, unknown>) {
  const key = rememberKey(ctx, { id: 'k', streamId: 'person-k', firstRevision: 0, lastRevision: 0 }, meta)!;
  const [event] = key.events;
  return store.appendMany([
    { streamId: 'person-k', expectedRevision: 'no_stream', events: [{ type: 'PersonRegistered', data: { personId: 'k', name: 'K' }, metadata: meta }] },
    { ...key, events: [{ ...event, data: keyData(event.data) }] },
  ]);
}

describe('idempotency keys', () => {
  it('given a key remembered now, when the command is repeated, then its answer is the position of the last event written, the key’s', async () => {
    const store = new MemoryEventStore();
    const [main, key] = await written(store, (use) => use);
    expect(key.streamId).toBe(idempotencyStream(ctx));
    expect(await replay(store, ctx)).toMatchObject({ id: 'k', revision: 0, position: key.position, replayed: true });
    expect(key.position).toBeGreaterThan(main.position);
  });

  it('given a key remembered before answers named the last event written, when repeated, then it answers as it did then: its stream’s last event', async () => {
    const store = new MemoryEventStore();
    const [main] = await written(store, ({ answeredLastWritten: _, ...before }) => before);
    expect(await replay(store, ctx)).toMatchObject({ position: main.position, replayed: true });
  });

  it('given a key remembered for one API key, when another API key of the same principal name sends it, then it is a new key', async () => {
    const store = new MemoryEventStore();
    await written(store, (use) => use);
    const otherKey: CommandContext = { ...ctx, idempotency: { ...ctx.idempotency!, caller: 'key-b', body: { name: 'Other' } } };
    expect(idempotencyStream(otherKey)).not.toBe(idempotencyStream(ctx));
    expect(await replay(store, otherKey)).toBeUndefined();
  });

  it('given a key remembered by principal name (before keys were scoped to the API key), when the command is repeated, then it finds that answer', async () => {
    const store = new MemoryEventStore();
    const byName = `guard-idempotency-${createHash('sha256').update('integrator\nk', 'utf8').digest('hex').slice(0, 40)}`;
    const key = rememberKey(ctx, { id: 'k', streamId: 'person-k', firstRevision: 0, lastRevision: 0 }, meta)!;
    const [main] = await store.appendMany([
      { streamId: 'person-k', expectedRevision: 'no_stream', events: [{ type: 'PersonRegistered', data: { personId: 'k', name: 'K' }, metadata: meta }] },
      { ...key, streamId: byName },
    ]);
    expect(await replay(store, ctx)).toMatchObject({ id: 'k', position: main.position + 1, replayed: true });
    await expect(replay(store, { ...ctx, idempotency: { ...ctx.idempotency!, body: { name: 'L' } } })).rejects.toThrow(/another route or body/);
  });
});
