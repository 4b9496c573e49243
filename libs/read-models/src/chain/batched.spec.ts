import { batched, batchedOnce } from './batched';

/** A source whose answers can change between asks. */
function source(values: Map<string, number>) {
  const load = async (keys: string[]) => {
    return new Map(keys.filter((k) => values.has(k)).map((k) => [k, values.get(k)!]));
  };
  return { load };
}

describe('batched loads', () => {
  it('when keys are asked together, then each gets its own answer and a missing one the default', async () => {
    const { load } = source(new Map([['a', 1], ['b', 2]]));
    const get = batched(load, -1);
    expect(await Promise.all([get('a'), get('b'), get('x'), get('a')])).toEqual([1, 2, -1, 1]);
  });

  it('when a key is asked again after its answer came, then batchedOnce gives the first answer and batched reads again', async () => {
    const values = new Map([['a', 1]]);
    const once = batchedOnce(source(values).load, -1);
    const every = batched(source(values).load, -1);
    expect([await once('a'), await every('a')]).toEqual([1, 1]);
    values.set('a', 2);
    expect([await once('a'), await every('a')]).toEqual([1, 2]);
  });

  it('when the load fails, then every waiter of the batch is told', async () => {
    const get = batched(async () => Promise.reject(new Error('down')), 0);
    await expect(Promise.all([get('a'), get('b')])).rejects.toThrow('down');
  });
});
