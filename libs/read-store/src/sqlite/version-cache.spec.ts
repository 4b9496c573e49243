import type { StoredDocument } from '../read-store.port';
import { VersionCache } from './version-cache';

function version(id: string, fromPosition: number, toPosition: number | null, doc: Record<string, unknown> = { n: fromPosition }): StoredDocument {
  return { id, doc, fromPosition, toPosition, fromRecordedAt: `t${fromPosition}`, toRecordedAt: toPosition === null ? null : `t${toPosition}` };
}

describe('VersionCache', () => {
  it('when a closed version is held, then it answers every position it covers, and none outside it', () => {
    const cache = new VersionCache(1_000);
    cache.remember('m', version('a', 3, 7), 100);
    expect([2, 3, 6, 7, 8].map((at) => cache.versionAt('m', 'a', at)?.fromPosition)).toEqual([undefined, 3, 3, undefined, undefined]);
    expect(cache.versionAt('other', 'a', 3)).toBeUndefined();
  });

  it('when an open version is held, then it answers until something is committed, and again once read again', () => {
    const cache = new VersionCache(1_000);
    cache.remember('m', version('a', 3, null), 100);
    expect(cache.versionAt('m', 'a', 1_000)?.fromPosition).toBe(3);
    cache.committed();
    expect(cache.versionAt('m', 'a', 1_000)).toBeUndefined();
    // Read again: closed at 9 meanwhile, and the next version open.
    cache.remember('m', version('a', 3, 9), 100);
    cache.remember('m', version('a', 9, null), 100);
    expect(cache.size).toEqual({ versions: 2, bytes: 200 });
    expect([5, 9, 1_000].map((at) => cache.versionAt('m', 'a', at)?.fromPosition)).toEqual([3, 9, 9]);
  });

  it('when versions of a document are read out of order, then each is answered at its own positions', () => {
    const cache = new VersionCache(1_000);
    for (const [from, to] of [
      [20, 30],
      [1, 5],
      [10, 20],
    ]) {
      cache.remember('m', version('a', from, to), 100);
    }
    expect([1, 4, 5, 10, 19, 20, 29, 30].map((at) => cache.versionAt('m', 'a', at)?.fromPosition)).toEqual([1, 1, undefined, 10, 10, 20, 20, undefined]);
  });

  it('when more versions are held than it may hold, then the documents read least recently go first', () => {
    const cache = new VersionCache(300);
    cache.remember('m', version('a', 1, 2), 100);
    cache.remember('m', version('a', 2, 3), 100);
    cache.remember('m', version('b', 1, 2), 100);
    cache.versionAt('m', 'a', 1); // a read more recently than b
    cache.remember('m', version('c', 1, 2), 100);
    expect(cache.size.versions).toBe(3);
    expect(cache.versionAt('m', 'b', 1)).toBeUndefined();
    expect(cache.versionAt('m', 'c', 1)?.id).toBe('c'); // now a is the least recently read, and goes whole
    cache.remember('m', version('d', 1, 2), 100);
    expect(cache.size.versions).toBe(2);
    expect(cache.versionAt('m', 'a', 2)).toBeUndefined();
    expect([cache.versionAt('m', 'c', 1)?.id, cache.versionAt('m', 'd', 1)?.id]).toEqual(['c', 'd']);
  });

  it('when a version is held, then it is frozen through and through, and what it hands out is what it holds', () => {
    const cache = new VersionCache(1_000);
    const held = cache.remember('m', version('a', 1, null, { tags: ['x'], holder: { unitId: 'u1' } }), 100);
    expect(Object.isFrozen(held) && Object.isFrozen(held.doc) && Object.isFrozen(held.doc.tags) && Object.isFrozen(held.doc.holder)).toBe(true);
    expect(cache.versionAt('m', 'a', 5)).toBe(held);
  });

  it('when cleared, then it holds nothing; with no room at all, then it holds nothing and hands the version back', () => {
    const cache = new VersionCache(1_000);
    cache.remember('m', version('a', 1, 2), 100);
    cache.clear();
    expect(cache.versionAt('m', 'a', 1)).toBeUndefined();
    const none = new VersionCache(0);
    const given = version('a', 1, 2);
    expect(none.remember('m', given, 100)).toBe(given);
    expect(none.versionAt('m', 'a', 1)).toBeUndefined();
  });

  it('when one document has more versions than it may hold, then it holds none of them, and the others stay', () => {
    const cache = new VersionCache(250);
    cache.remember('m', version('b', 1, 2), 100);
    cache.remember('m', version('a', 1, 2), 100);
    const second = cache.remember('m', version('a', 2, 3), 160); // a's two: 260
    expect(second.id).toBe('a');
    expect(cache.size).toEqual({ versions: 1, bytes: 100 });
    expect([cache.versionAt('m', 'a', 1), cache.versionAt('m', 'b', 1)?.id]).toEqual([undefined, 'b']);
  });

  it('when read, then it counts the reads it answered and those it sent to the store; a version read again is counted once', () => {
    const cache = new VersionCache(1_000);
    expect(cache.versionAt('m', 'a', 1)).toBeUndefined();
    cache.remember('m', version('a', 1, null), 100);
    cache.versionAt('m', 'a', 1);
    cache.committed();
    cache.versionAt('m', 'a', 1); // open, and something committed since: asked again
    cache.remember('m', version('a', 1, 4), 120);
    expect(cache.reads).toEqual({ hits: 1, misses: 2 });
    expect(cache.size).toEqual({ versions: 1, bytes: 120 });
  });
});
