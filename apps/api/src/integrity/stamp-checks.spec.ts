import fc from 'fast-check';
import { leavesSource, rootHash } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import { checkStampsAgainstLog, stampMismatch } from './log-checks';
import type { ChunkDocument } from './merkle-log.documents';

const T0 = Date.parse('2026-12-07T00:00:00.000Z');
const CHUNK = 4;

interface Event {
  eventId: string;
  position: number;
  recordedAt: string;
  metadata: { hash: string };
}

/** A log as the store writes it: positions going up with gaps, record times never going back. */
const logs = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3_600_000 })), { minLength: 2, maxLength: 40 }).map((steps) => {
  const events: Event[] = [];
  let [position, ms] = [0, T0];
  steps.forEach(([gap, step], i) => {
    [position, ms] = [position + gap, ms + step];
    events.push({ eventId: `e-${i}`, position, recordedAt: new Date(ms).toISOString(), metadata: { hash: i.toString(16).padStart(64, '0') } });
  });
  return events;
});

const stamps = (events: readonly Event[]) => events.map((e) => stampOf(e as never));

/** The stamp chunks the indexer would have stored for the log. */
function chunksOf(events: readonly Event[]): ChunkDocument[] {
  const leaves = stamps(events);
  return Array.from({ length: Math.floor(events.length / CHUNK) }, (_, c) => {
    const own = events.slice(c * CHUNK, (c + 1) * CHUNK);
    const hash = leavesSource(leaves.slice(c * CHUNK, (c + 1) * CHUNK)).hash(0, CHUNK).toString('hex');
    return { chunk: c, hash, firstPosition: own[0].position, lastPosition: own[CHUNK - 1].position, lastEventHash: own[CHUNK - 1].metadata.hash, treeSize: (c + 1) * CHUNK };
  });
}

/** One event rewritten: retimed (order kept or not), renumbered into a gap, or given another id. */
const rewrites = fc.oneof(
  fc.integer({ min: -3_600_000, max: 3_600_000 }).filter((d) => d !== 0).map((d) => (e: Event) => ({ ...e, recordedAt: new Date(Date.parse(e.recordedAt) + d).toISOString() })),
  fc.constant((e: Event) => ({ ...e, position: e.position + 0.5 })),
  fc.constant((e: Event) => ({ ...e, eventId: `${e.eventId}-forged` })),
);

describe('a head’s stampRoot against the log: every event’s id, position and record time', () => {
  it('given any log and a head signed over a prefix of it, then the head matches, and the stored stamp chunks too', () => {
    fc.assert(
      fc.property(logs, fc.nat(), (events, pick) => {
        const n = 1 + (pick % events.length);
        const head = { treeSize: n, stampRoot: rootHash(stamps(events), n).toString('hex') };
        expect(stampMismatch(head, stamps(events))).toBeUndefined();
        expect(checkStampsAgainstLog(chunksOf(events), stamps(events), events.map((e) => e.position), CHUNK).matchesLog).toBe(true);
      }),
    );
  });

  it('when any event the head covers is rewritten — even one in the middle, between the pins of any head — then the head names it, and so does its stored chunk', () => {
    fc.assert(
      fc.property(logs, fc.nat(), fc.nat(), rewrites, (events, pick, which, rewrite) => {
        const n = 1 + (pick % events.length);
        const i = which % n;
        const head = { treeSize: n, stampRoot: rootHash(stamps(events), n).toString('hex') };
        const tampered = events.map((e, j) => (j === i ? rewrite(e) : e));
        expect(stampMismatch(head, stamps(tampered))).toMatch(new RegExp(`^the log's first ${n} events no longer carry the ids, positions and record times it signed .*: an event was renumbered, retimed or given another id$`));
        const check = checkStampsAgainstLog(chunksOf(events), stamps(tampered), events.map((e) => e.position), CHUNK);
        if (i < Math.floor(events.length / CHUNK) * CHUNK) expect(check.firstMismatch).toMatchObject({ chunk: Math.floor(i / CHUNK), detail: expect.stringContaining('renumbered, retimed or given another id') });
        else expect(check.matchesLog).toBe(true); // the chunk in progress is not stored: the latest head is what pins it
      }),
    );
  });

  it('when an event after the head is rewritten, or the head signed no stamp root, then it is not the head’s concern', () => {
    fc.assert(
      fc.property(logs, rewrites, (events, rewrite) => {
        const n = events.length - 1;
        const head = { treeSize: n, stampRoot: rootHash(stamps(events), n).toString('hex') };
        const tampered = events.map((e, j) => (j === n ? rewrite(e) : e));
        expect(stampMismatch(head, stamps(tampered))).toBeUndefined();
        expect(stampMismatch({ treeSize: events.length }, stamps(events.map(rewrite)))).toBeUndefined();
      }),
    );
  });
});
