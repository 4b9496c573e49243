import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import type { Clock } from './clock';
import type { ProjectionProgress } from './projection-progress';
import { ReadPointResolver } from './read-point';

const progress: ProjectionProgress = { projectedPosition: async () => 7, waitFor: async () => true };

/** A clock at `instant` for its first `stillFor` readings, then a millisecond later. */
function clockAt(instant: string, stillFor: number): Clock & { readings: number } {
  const clock = {
    readings: 0,
    now: () => new Date(Date.parse(instant) + (clock.readings++ < stillFor ? 0 : 1)),
  };
  return clock;
}

describe('ReadPointResolver: asOf at an instant', () => {
  const instant = '2026-12-07T01:02:03.456Z';

  it('given the clock still in the instant’s millisecond, when resolved, then the log is asked only once the clock has passed it (an event written in it would change the answer)', async () => {
    const clock = clockAt(instant, 3);
    let readingsWhenAsked = -1;
    const store = {
      positionAt: async () => {
        readingsWhenAsked = clock.readings;
        return { position: 7, recordedAt: instant };
      },
    } as unknown as EventStore;
    const point = await new ReadPointResolver(store, progress, clock).resolve({ asOf: instant });
    expect(point).toMatchObject({ position: 7, meta: { asOfPosition: 7, asOfRecordedAt: instant } });
    expect(readingsWhenAsked).toBeGreaterThan(3);
    expect(clock.now().getTime()).toBeGreaterThan(Date.parse(instant));
  });

  it('given an instant already past, then the log is asked at once', async () => {
    const clock = { now: () => new Date(Date.parse(instant) + 60_000) };
    const positionAt = jest.fn(async () => ({ position: 3, recordedAt: instant }));
    const point = await new ReadPointResolver({ positionAt } as unknown as EventStore, progress, clock).resolve({ asOf: instant });
    expect(point.position).toBe(3);
    expect(positionAt).toHaveBeenCalledTimes(1);
  });
});
