import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { PEOPLE, peopleProjection } from './people.projection';

const tenure = (type: 'PersonAppointed' | 'PersonRelieved', personId: string, unitId: string, post: string, effectiveFrom: string) => ({
  type,
  streamId: `post-${unitId}-${post}`,
  data: { personId, unitId, post, effectiveFrom },
});

describe('people projection', () => {
  it('when a person is registered, appointed to two posts and relieved of one, then the document lists both with their periods', () => {
    projecting(peopleProjection)
      .given([
        { type: 'PersonRegistered', streamId: 'person-A', data: { personId: 'A', name: '甲' } },
        tenure('PersonAppointed', 'A', 'committee', 'secretary', '2018-06-01'),
        tenure('PersonAppointed', 'A', 'branch', 'member', '2019-01-01'),
        tenure('PersonRelieved', 'A', 'committee', 'secretary', '2020-09-01'),
      ])
      .thenDocument(PEOPLE, 'A', {
        exists: true,
        personId: 'A',
        name: '甲',
        posts: [
          { unitId: 'committee', post: 'secretary', from: '2018-06-01', to: '2020-09-01' },
          { unitId: 'branch', post: 'member', from: '2019-01-01' },
        ],
      });
  });

  it('when someone else is relieved of the same post, then this person keeps their term', () => {
    projecting(peopleProjection)
      .given([
        { type: 'PersonRegistered', streamId: 'person-A', data: { personId: 'A', name: '甲' } },
        { type: 'PersonRegistered', streamId: 'person-C', data: { personId: 'C', name: '丙' } },
        tenure('PersonAppointed', 'A', 'committee', 'member', '2018-06-01'),
        tenure('PersonAppointed', 'C', 'committee', 'member', '2018-06-01'),
        tenure('PersonRelieved', 'C', 'committee', 'member', '2019-06-01'),
      ])
      .thenDocuments(PEOPLE, [
        { id: 'A', doc: { exists: true, personId: 'A', name: '甲', posts: [{ unitId: 'committee', post: 'member', from: '2018-06-01' }] } },
        { id: 'C', doc: { exists: true, personId: 'C', name: '丙', posts: [{ unitId: 'committee', post: 'member', from: '2018-06-01', to: '2019-06-01' }] } },
      ]);
  });
});
