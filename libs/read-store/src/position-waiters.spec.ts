import { PositionWaiters } from './position-waiters';

describe('PositionWaiters', () => {
  it('when a position is reached, then its callers are answered true and those of later positions keep waiting', async () => {
    const waiters = new PositionWaiters();
    const five = waiters.wait(5, 5_000);
    const nine = waiters.wait(9, 5_000);
    waiters.release((position) => position <= 7);
    expect(await five).toBe(true);
    waiters.cancelAll();
    expect(await nine).toBe(false);
  });

  it('when nothing reaches the position in time, then the caller is answered false', async () => {
    expect(await new PositionWaiters().wait(1, 5)).toBe(false);
  });
});
