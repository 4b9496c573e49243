import { AggregateCache, CAPACITY } from './aggregate-cache';

const folder = {};

/** Visits the streams in turn, `rounds` times, as a load spread over that many aggregates does; counts the misses. */
function missesVisitingInTurn(cache: AggregateCache, streams: number, rounds: number): number {
  let misses = 0;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < streams; i++) {
      if (!cache.get(`s${i}`, folder)) {
        misses++;
        cache.set(`s${i}`, folder, { i }, round);
      }
    }
  }
  return misses;
}

describe('AggregateCache', () => {
  it('given more states than it holds, then the least recently used goes first', () => {
    const cache = new AggregateCache(2);
    cache.set('a', folder, { n: 1 }, 0);
    cache.set('b', folder, { n: 2 }, 0);
    cache.get('a', folder);
    cache.set('c', folder, { n: 3 }, 0);
    expect(cache.get('b', folder)).toBeUndefined();
    expect(cache.get('a', folder)).toEqual({ state: { n: 1 }, revision: 0 });
    expect(cache.get('c', folder)).toEqual({ state: { n: 3 }, revision: 0 });
  });

  it('given a state folded by another decider, then it is not handed out', () => {
    const cache = new AggregateCache();
    cache.set('a', folder, { n: 1 }, 0);
    expect(cache.get('a', {})).toBeUndefined();
  });

  it('given a working set one larger than it holds, visited in turn, then every visit misses (why the capacity is roomy)', () => {
    expect(missesVisitingInTurn(new AggregateCache(100), 101, 3)).toBe(303);
  });

  it('given the streams of a load spread over a thousand aggregates and a few more, then only the first visits miss', () => {
    expect(missesVisitingInTurn(new AggregateCache(), 1_001, 3)).toBe(1_001);
    expect(CAPACITY).toBeGreaterThanOrEqual(5_000);
  });
});
