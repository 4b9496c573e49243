import fc from 'fast-check';
import type { RecordedEvent } from '../event-store.port';
import { MemoryEventStore } from '../memory/memory.event-store';
import { scanLog } from './chain-verifier';

const meta = { actor: { name: 'tester', role: 'admin' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };

/** A log written through the store with a clock that steps by the given milliseconds (0: two commits in one millisecond). */
async function logWith(steps: readonly number[]): Promise<RecordedEvent[]> {
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  let i = 0;
  const store = new MemoryEventStore({ clock: () => new Date((now += steps[i++ % steps.length])) });
  for (let n = 0; n < steps.length; n++) await store.append(`unit-${n % 3}`, [{ type: 'UnitRenamed', data: { name: `name ${n}` }, metadata: meta }], { expectedRevision: 'any' });
  const events = await store.readAll({ fromPosition: 0, limit: 1_000 });
  await store.close();
  return events;
}

const served = (events: readonly RecordedEvent[]) => ({
  readAll: async ({ fromPosition = 0, limit = 1_000 } = {}) => events.filter((e) => e.position >= fromPosition).slice(0, limit),
});

const at = (ms: number) => new Date(ms).toISOString();
const steps = fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 2, maxLength: 40 });

describe('record times along the log', () => {
  it('given any log the store wrote, then record times never go back and it verifies, each event’s record time reported beside its leaf', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (s) => {
        const events = await logWith(s);
        const scan = await scanLog(served(events), {}, { pageSize: 7 });
        expect(scan.report.ok).toBe(true);
        expect(scan.recordedAt).toEqual(events.map((e) => Date.parse(e.recordedAt)));
      }),
      { numRuns: 50 },
    );
  });

  it('when one event’s record time is set before the event ahead of it, then exactly that event is the first break: record-time-backwards', async () => {
    await fc.assert(
      fc.asyncProperty(steps, fc.nat(), fc.integer({ min: 1, max: 10_000_000 }), async (s, pick, back) => {
        const events = await logWith(s);
        const i = 1 + (pick % (events.length - 1));
        const before = Date.parse(events[i - 1].recordedAt);
        const tampered = events.map((e, k) => (k === i ? { ...e, recordedAt: at(before - back) } : e));
        const { report } = await scanLog(served(tampered), {}, { pageSize: 7 });
        expect(report).toMatchObject({ ok: false, verifiedThroughPosition: events[i - 1].position, brokenAt: { position: events[i].position, reason: 'record-time-backwards', expected: events[i - 1].recordedAt } });
      }),
      { numRuns: 100 },
    );
  });

  it('when one event’s record time is moved anywhere between its neighbours’, then no break is reported: the bound is the signed heads’ to keep', async () => {
    await fc.assert(
      fc.asyncProperty(steps, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), async (s, pick, where) => {
        const events = await logWith(s);
        const i = pick % events.length;
        const lo = i === 0 ? Date.parse(events[0].recordedAt) - 1_000_000 : Date.parse(events[i - 1].recordedAt);
        const hi = i === events.length - 1 ? lo + 1_000_000 : Date.parse(events[i + 1].recordedAt);
        const moved = events.map((e, k) => (k === i ? { ...e, recordedAt: at(Math.round(lo + (hi - lo) * where)) } : e));
        expect((await scanLog(served(moved), {})).report.ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('when a record time is no instant, then that event is malformed and its record time is reported as NaN', async () => {
    const events = await logWith([1, 1, 1, 1]);
    for (const bad of ['yesterday', '2026-13-45T00:00:00.000Z', '', 42]) {
      const tampered = events.map((e, k) => (k === 2 ? { ...e, recordedAt: bad as string } : e));
      const scan = await scanLog(served(tampered), {});
      expect(scan.report).toMatchObject({ ok: false, brokenAt: { position: events[2].position, reason: 'malformed' } });
      expect(Number.isNaN(scan.recordedAt[2])).toBe(true);
    }
  });
});
