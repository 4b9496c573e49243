import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { SqliteReadStore } from './sqlite/sqlite.read-store';
import { SwitchableReadStore } from './switchable.read-store';

describe('SwitchableReadStore', () => {
  it('when switched, then reads go to the new generation, which it names, and the previous one is handed back; dropping the readers’ store is refused', async () => {
    const [first, second] = [new SqliteReadStore({ file: ':memory:' }), new SqliteReadStore({ file: ':memory:' })];
    for (const [store, title] of [[first, 'first'], [second, 'second']] as const) {
      await store.defineCollections([{ name: 'duties', indexes: [] }]);
      await store.apply('p', [{ position: 1, recordedAt: 't1', changes: [{ collection: 'duties', id: 'd1', doc: { title } }] }], { position: 1, recordedAt: 't1' });
    }
    const readers = new SwitchableReadStore(first);
    try {
      expect((await readers.get('duties', 'd1'))?.doc).toEqual({ title: 'first' });
      expect(readers.generation).toBeUndefined();
      expect(readers.switchTo(second, 'g2')).toBe(first);
      expect(readers.generation).toBe('g2');
      expect((await readers.get('duties', 'd1'))?.doc).toEqual({ title: 'second' });
      await expect(readers.drop()).rejects.toThrow('never dropped');
      expect((await readers.get('duties', 'd1'))?.doc).toEqual({ title: 'second' });
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('when a read fails because the file cannot be read, then it answers StoreUnavailable (503, not 500), is counted, and the store reads as failing until a read succeeds', async () => {
    const store = new SqliteReadStore({ file: ':memory:' });
    await store.defineCollections([{ name: 'duties', indexes: [] }]);
    const readers = new SwitchableReadStore(store);
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    const find = jest.spyOn(store, 'find').mockRejectedValueOnce(corrupt);
    try {
      await expect(readers.find('duties', {})).rejects.toBeInstanceOf(StoreUnavailable);
      expect(readers.reads).toEqual({ errors: 1, failing: true });
      expect(await readers.find('duties', {})).toEqual([]);
      expect(readers.reads).toEqual({ errors: 1, failing: false });
      find.mockRejectedValueOnce(new TypeError('a bug'));
      await expect(readers.find('duties', {})).rejects.toThrow(TypeError);
      expect(readers.reads.errors).toBe(2);
    } finally {
      await store.close();
    }
  });
});
