import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { MemoryEventStore } from '@duty-ledger/event-store/memory/memory.event-store';
import { describeEventStoreContract, newEvent } from '@duty-ledger/testing/event-store.contract';

describeEventStoreContract('memory', async (confidentialFields) => new MemoryEventStore({ confidentialFields }));

describe('MemoryEventStore beyond the port', () => {
  it('when the clock steps back, then record time holds at the last one instead of decreasing', async () => {
    let now = Date.parse('2025-03-01T10:00:00.000Z');
    const store = new MemoryEventStore({ clock: () => new Date(now) });
    await store.append('s-1', [newEvent()], { expectedRevision: 'no_stream' });
    now -= 60_000;
    const second = await store.append('s-2', [newEvent()], { expectedRevision: 'no_stream' });
    expect(second.events[0].recordedAt).toBe('2025-03-01T10:00:00.000Z');
    expect(await store.positionAt('2025-03-01T09:59:59.999Z')).toBeNull();
  });

  it('when the store is closed, then it answers StoreUnavailable', async () => {
    const store = new MemoryEventStore();
    await store.close();
    await expect(store.append('s', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
  });
});
