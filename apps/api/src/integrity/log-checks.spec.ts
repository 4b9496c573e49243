import fc from 'fast-check';
import { pinMismatch, type LogPlaces } from './log-checks';

const T0 = Date.parse('2026-12-07T00:00:00.000Z');

/** A log as the store writes it: positions going up, record times never going back. */
const logs = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 3_600_000 }), { minLength: 40, maxLength: 40 }))
  .map(([gaps, steps]) => {
    const positions: number[] = [];
    const recordedAt: number[] = [];
    gaps.forEach((gap, i) => {
      positions.push((positions.at(-1) ?? 0) + gap);
      recordedAt.push((recordedAt.at(-1) ?? T0) + steps[i]);
    });
    return { positions, recordedAt };
  });

/**
 * A head over the first `n` events as the indexer signs it, with an instant the log was idle through: at or after the
 * last event, before the next (none where the next was recorded within the last's millisecond: no idle instant).
 */
function headOver(log: LogPlaces, n: number, where: number) {
  const last = log.recordedAt[n - 1];
  const next = n < log.recordedAt.length ? log.recordedAt[n] : last + 3_600_000;
  fc.pre(next > last);
  const through = last + Math.floor(where * (next - 1 - last));
  return { treeSize: n, lastPosition: log.positions[n - 1], lastRecordedAt: new Date(last).toISOString(), recordedThrough: new Date(through).toISOString() };
}

const withTime = (log: LogPlaces, i: number, ms: number): LogPlaces => ({ positions: log.positions, recordedAt: log.recordedAt.map((t, j) => (j === i ? ms : t)) });

describe('a head’s recordedThrough against the log', () => {
  const cases = fc.tuple(logs, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));

  it('given any log the store writes and a head it signed after an idle spell, then the head matches', () => {
    fc.assert(
      fc.property(cases, ([log, pick, where]) => {
        const n = 1 + (pick % log.positions.length);
        const head = headOver(log, n, where);
        expect(Date.parse(head.recordedThrough)).toBeLessThan(n < log.positions.length ? log.recordedAt[n] : Infinity);
        expect(pinMismatch(head, log)).toBeUndefined();
      }),
    );
  });

  it('when the next event is backdated to any instant from the head’s last to its recordedThrough, order kept, then the head names it', () => {
    fc.assert(
      fc.property(cases, ([log, pick, where, to]) => {
        const n = 1 + (pick % (log.positions.length - 1));
        const head = headOver(log, n, where);
        const [last, through] = [log.recordedAt[n - 1], Date.parse(head.recordedThrough)];
        const backdated = withTime(log, n, last + Math.floor(to * (through - last)));
        expect(pinMismatch(head, backdated)).toMatch(new RegExp(`the next event \\(position ${log.positions[n]}\\) now says .*: a record time was backdated$`));
      }),
    );
  });

  it('when the next event is moved anywhere after the recordedThrough and not past the event after it, then the head still matches', () => {
    fc.assert(
      fc.property(cases, ([log, pick, where, to]) => {
        const n = 1 + (pick % (log.positions.length - 1));
        const head = headOver(log, n, where);
        const after = Date.parse(head.recordedThrough) + 1;
        const bound = n + 1 < log.positions.length ? log.recordedAt[n + 1] : log.recordedAt[n];
        expect(pinMismatch(head, withTime(log, n, after + Math.floor(to * (bound - after))))).toBeUndefined();
      }),
    );
  });

  it('given a head without recordedThrough, then the next event’s record time is not its concern', () => {
    const log = { positions: [1, 2], recordedAt: [T0, T0] };
    expect(pinMismatch({ treeSize: 1, lastPosition: 1, lastRecordedAt: new Date(T0).toISOString() }, log)).toBeUndefined();
  });
});
