import { oneAtATime } from './one-at-a-time';

describe('oneAtATime', () => {
  it('when steps are given while one runs, then each starts once the one before has settled, a failed one included', async () => {
    const serially = oneAtATime();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = serially(() => new Promise<void>((resolve) => (releaseFirst = () => (order.push('first ends'), resolve()))));
    const second = serially(async () => {
      order.push('second starts');
      throw new Error('second fails');
    });
    const third = serially(async () => (order.push('third starts'), 3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    releaseFirst();
    await first;
    await expect(second).rejects.toThrow('second fails');
    expect(await third).toBe(3);
    expect(order).toEqual(['first ends', 'second starts', 'third starts']);
  });
});
