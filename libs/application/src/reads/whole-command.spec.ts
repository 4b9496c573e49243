import { MemoryEventStore } from '@duty-ledger/event-store/memory/memory.event-store';
import type { NewEvent } from '@duty-ledger/event-store/event-store.port';
import { lastOfCommand } from './whole-command';

const event = (commandId: string, type = 'Happened'): NewEvent => ({
  type,
  data: {},
  metadata: { actor: { name: 't', role: 'admin' }, commandId, correlationId: 'r', causationId: commandId, schemaVersion: 1 },
});

describe('a read point on a whole command', () => {
  it('given a command that wrote three events over two streams, when a read names its first, then it moves to its last', async () => {
    const store = new MemoryEventStore();
    await store.appendMany([{ streamId: 'a', expectedRevision: 'any', events: [event('before')] }]);
    const [, guard] = await store.appendMany([
      { streamId: 'finding-f', expectedRevision: 'any', events: [event('cmd', 'FollowUpReviewed'), event('cmd', 'FindingReopened')] },
      { streamId: 'guard-x', expectedRevision: 'any', events: [event('cmd', 'Claimed')] },
    ]);
    await store.appendMany([{ streamId: 'a', expectedRevision: 'any', events: [event('after')] }]);
    const all = await store.readAll();
    expect((await lastOfCommand(store, all[1])).position).toBe(guard.position);
    expect((await lastOfCommand(store, all[2])).position).toBe(guard.position);
    expect((await lastOfCommand(store, all[0])).position).toBe(all[0].position);
    expect((await lastOfCommand(store, all[4])).position).toBe(all[4].position);
  });

  it('given a command of more events than a page, when a read names its first, then it moves to its last', async () => {
    const store = new MemoryEventStore();
    await store.appendMany([{ streamId: 'big', expectedRevision: 'any', events: Array.from({ length: 40 }, () => event('big')) }]);
    const all = await store.readAll();
    expect((await lastOfCommand(store, all[0])).position).toBe(all[39].position);
  });
});
