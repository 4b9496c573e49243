import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '../canonical-json';
import { stampOf, stampText } from './stamps';

const hash = 'ab'.repeat(32);
const event = { eventId: '0192f1c4-7d3a-7c11-9a55-1d2e3f405162', position: 17, recordedAt: '2026-12-07T10:00:00.123Z', metadata: { hash } as never };

describe('stamps: the stamp tree’s leaves', () => {
  it('given an event, then its stamp is SHA-256 of the canonical JSON of its id, hash, position and record time, keys sorted', () => {
    const text = `{"eventId":"${event.eventId}","hash":"${hash}","position":17,"recordedAt":"2026-12-07T10:00:00.123Z"}`;
    expect(stampText(event)).toBe(text);
    expect(stampOf(event).toString('hex')).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('when any of the four is changed, then the stamp changes', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(), fc.integer({ min: 0, max: 4_102_444_800_000 }), (eventId, position, ms) => {
        const recordedAt = new Date(ms).toISOString();
        fc.pre(eventId !== event.eventId && position !== event.position && recordedAt !== event.recordedAt);
        const stamp = stampOf(event);
        expect(stampOf({ ...event, eventId })).not.toEqual(stamp);
        expect(stampOf({ ...event, position })).not.toEqual(stamp);
        expect(stampOf({ ...event, recordedAt })).not.toEqual(stamp);
        expect(stampOf({ ...event, metadata: { hash: 'cd'.repeat(32) } as never })).not.toEqual(stamp);
      }),
    );
  });

  it('given a row whose position is no JSON number (a tampered file), then it is still stamped, as text', () => {
    expect(stampText({ ...event, position: Number.NaN })).toContain('"position":"NaN"');
  });
});

describe('the stamp text is RFC 8785 for any id, position and record time', () => {
  it('given any strings and any whole or fractional number, then it is what the canonical serialiser writes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true })), fc.string({ unit: 'grapheme' }), (eventId, position, recordedAt) => {
        const fields = { eventId, hash, position, recordedAt };
        expect(stampText({ ...fields, metadata: { hash } as never })).toBe(canonicalJson(fields));
      }),
    );
  });
});
