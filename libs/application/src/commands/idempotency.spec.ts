import { MemoryEventStore } from '@duty-ledger/event-store/memory/memory.event-store';
import type { CommandContext } from './command-context';
import { createHash } from 'node:crypto';
import { idempotencyStream, rememberKey, replay, routeOf } from './idempotency';

const meta = { actor: { name: 'integrator', role: 'integrator' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const ctx: CommandContext = { actor: meta.actor, correlationId: 'r', idempotency: { key: 'k', caller: 'key-a', route: 'POST /v1/people', body: { name: 'K' } } };

/** A command's event and its key, appended together as the executor appends them; `answer` as the key records it. */
async function written(store: MemoryEventStore, keyData: (use: Record<string, unknown>) => Record<string, unknown>) {
  const key = rememberKey(ctx, { id: 'k', streamId: 'person-k', firstRevision: 0, lastRevision: 0 }, meta, [{ type: 'PersonRegistered' }])!;
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
    const key = rememberKey(ctx, { id: 'k', streamId: 'person-k', firstRevision: 0, lastRevision: 0 }, meta, [{ type: 'PersonRegistered' }])!;
    const [main] = await store.appendMany([
      { streamId: 'person-k', expectedRevision: 'no_stream', events: [{ type: 'PersonRegistered', data: { personId: 'k', name: 'K' }, metadata: meta }] },
      { ...key, streamId: byName },
    ]);
    expect(await replay(store, ctx)).toMatchObject({ id: 'k', position: main.position + 1, replayed: true });
    await expect(replay(store, { ...ctx, idempotency: { ...ctx.idempotency!, body: { name: 'L' } } })).rejects.toThrow(/another route or body/);
  });

  it('given a key remembered with the id escaped in its path (as keys were before routes were decoded), when repeated unescaped, then its answer', async () => {
    const store = new MemoryEventStore();
    const [main] = await written(store, (use) => ({ ...use, route: 'POST /v1/people/org%3A1/appoint' }));
    const repeat: CommandContext = { ...ctx, idempotency: { ...ctx.idempotency!, route: routeOf('POST', '/v1/people/org:1/appoint?x=1') } };
    expect(await replay(store, repeat)).toMatchObject({ id: 'k', replayed: true });
    expect(main.position).toBeGreaterThan(0);
    await expect(replay(store, { ...repeat, idempotency: { ...repeat.idempotency!, route: routeOf('POST', '/v1/people/org%3A2/appoint') } })).rejects.toThrow(/another route or body/);
  });

  describe('given a command whose event keeps a field confidential (an accountability’s rationale)', () => {
    const body = { caseId: 'c1', findingIds: ['f1'], rationale: '审核把关不严' };
    const caseCtx: CommandContext = { ...ctx, idempotency: { key: 'c', caller: 'key-d', route: 'POST /v1/accountability', body } };
    const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

    async function remembered(store: MemoryEventStore) {
      const events = [{ type: 'AccountabilityApplied', data: { ...body }, metadata: meta }];
      const key = rememberKey(caseCtx, { id: 'c1', streamId: 'case-c1', firstRevision: 0, lastRevision: 0 }, meta, events)!;
      await store.appendMany([{ streamId: 'case-c1', expectedRevision: 'no_stream', events }, key]);
      return key.events[0].data as { bodyHash: string; withheld?: string[] };
    }

    it('when its key is remembered, then the body’s hash leaves the confidential field out: every role reads it, and could test guesses against it', async () => {
      const use = await remembered(new MemoryEventStore());
      expect(use.withheld).toEqual(['rationale']);
      expect(use.bodyHash).not.toBe(sha256({ caseId: 'c1', findingIds: ['f1'], rationale: '审核把关不严' }));
      expect(use.bodyHash).toBe(sha256({ caseId: 'c1', findingIds: ['f1'] }));
    });

    it('when it is repeated with the same rationale, then the first answer; with another, then 422', async () => {
      const store = new MemoryEventStore();
      await remembered(store);
      expect(await replay(store, caseCtx)).toMatchObject({ id: 'c1', replayed: true });
      const other = { ...caseCtx, idempotency: { ...caseCtx.idempotency!, body: { ...body, rationale: 'a guess' } } };
      await expect(replay(store, other)).rejects.toThrow(/another route or body/);
      const without = { ...caseCtx, idempotency: { ...caseCtx.idempotency!, body: { caseId: 'c1', findingIds: ['f1'] } } };
      await expect(replay(store, without)).rejects.toThrow(/another route or body/);
    });
  });
});
