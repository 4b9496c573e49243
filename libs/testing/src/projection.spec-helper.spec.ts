import type { Projection } from '@duty-ledger/read-store/projection';
import { projecting } from './projection.spec-helper';

/** Counts events per stream; `Removed` ends the stream's document. */
const counters: Projection = {
  name: 'counters',
  collections: [{ name: 'counters', indexes: [] }],
  touches: (event) => [{ collection: 'counters', id: event.streamId }],
  project: (event, lookup) => {
    if (event.type === 'Removed') return [{ collection: 'counters', id: event.streamId, doc: null }];
    const count = ((lookup('counters', event.streamId)?.count as number | undefined) ?? 0) + 1;
    return [{ collection: 'counters', id: event.streamId, doc: { count, lastPosition: event.position } }];
  },
};

describe('projecting', () => {
  it('when events are given, then the documents they make, at positions 1..n', () => {
    const spec = projecting(counters).given([
      { type: 'Opened', streamId: 'a' },
      { type: 'Opened', streamId: 'b' },
      { type: 'Renamed', streamId: 'a' },
    ]);
    spec.thenDocument('counters', 'a', { count: 2, lastPosition: 3 });
    spec.thenDocuments('counters', [
      { id: 'b', doc: { count: 1, lastPosition: 2 } },
      { id: 'a', doc: { count: 2, lastPosition: 3 } },
    ]);
  });

  it('when a document is ended, then thenDocument expects null and thenDocuments leaves it out', () => {
    const spec = projecting(counters).given([{ type: 'Opened', streamId: 'a' }, { type: 'Removed', streamId: 'a' }]);
    spec.thenDocument('counters', 'a', null);
    spec.thenDocuments('counters', []);
  });

  it('when a projection is not deterministic, then the replay check fails', () => {
    let calls = 0;
    const impure: Projection = { ...counters, project: (event) => [{ collection: 'counters', id: event.streamId, doc: { calls: ++calls } }] };
    expect(() => projecting(impure).given([{ type: 'Opened', streamId: 'a' }]).thenDocument('counters', 'a', { calls: 1 })).toThrow();
  });

  it('when a projection mutates a document it looked up, then it fails', () => {
    const mutating: Projection = {
      ...counters,
      project: (event, lookup) => {
        const previous = lookup('counters', event.streamId);
        if (previous) previous.count = 99;
        return [{ collection: 'counters', id: event.streamId, doc: { count: 1 } }];
      },
    };
    expect(() => projecting(mutating).given([{ type: 'Opened', streamId: 'a' }, { type: 'Renamed', streamId: 'a' }])).toThrow(TypeError);
  });
});
