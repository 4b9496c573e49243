import { sharedWhilePending } from './shared-while-pending';

describe('sharedWhilePending', () => {
  it('given calls while one is pending, then they share its reading; once it settled, the next call reads again', async () => {
    let reads = 0;
    const read = sharedWhilePending(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return ++reads;
    });
    expect(await Promise.all([read(), read(), read()])).toEqual([1, 1, 1]);
    expect(await read()).toBe(2);
  });

  it('given a reading that failed, then every caller sees the failure and the next call reads again', async () => {
    let calls = 0;
    const read = sharedWhilePending(async () => {
      if (++calls === 1) throw new Error('store down');
      return calls;
    });
    await expect(Promise.all([read(), read()])).rejects.toThrow('store down');
    expect(calls).toBe(1);
    expect(await read()).toBe(2);
  });
});
