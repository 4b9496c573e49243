import { MAX_DEPTH, nestsDeeperThan } from './json-depth';

const nested = (levels: number): unknown => (levels === 0 ? 1 : { a: nested(levels - 1) });

describe('nestsDeeperThan', () => {
  it('when a body nests 8 levels, then it is within the limit', () => {
    expect(nestsDeeperThan(nested(8), MAX_DEPTH)).toBe(false);
  });

  it('when a body nests 9 levels (objects or arrays), then it is too deep', () => {
    expect(nestsDeeperThan(nested(9), MAX_DEPTH)).toBe(true);
    expect(nestsDeeperThan([[[[[[[[[1]]]]]]]]], MAX_DEPTH)).toBe(true);
  });

  it('when a body nests 100000 levels, then the answer comes without a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestsDeeperThan(deep, MAX_DEPTH)).toBe(true);
  });

  it('when the value is a scalar, then it does not nest', () => {
    expect(nestsDeeperThan('x', MAX_DEPTH)).toBe(false);
  });
});
