import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { POSTS_COLLECTION, postKey, postsProjection } from './posts.projection';

const tenure = (type: 'PersonAppointed' | 'PersonRelieved', personId: string, unitId: string, post: string, effectiveFrom: string) => ({
  type,
  streamId: `post-${unitId}-${post}`,
  data: { personId, unitId, post, effectiveFrom },
});

describe('posts projection', () => {
  it('when A is relieved and B appointed the same day, then the post has two half-open terms and both people indexed', () => {
    projecting(postsProjection)
      .given([
        tenure('PersonAppointed', 'A', 'committee', 'secretary', '2018-06-01'),
        tenure('PersonRelieved', 'A', 'committee', 'secretary', '2020-09-01'),
        tenure('PersonAppointed', 'B', 'committee', 'secretary', '2020-09-01'),
      ])
      .thenDocument(POSTS_COLLECTION, 'committee:secretary', {
        unitId: 'committee',
        post: 'secretary',
        terms: [
          { personId: 'A', from: '2018-06-01', to: '2020-09-01' },
          { personId: 'B', from: '2020-09-01' },
        ],
        personIds: ['A', 'B'],
      });
  });

  it('when several members are appointed, then one document per post of each unit', () => {
    projecting(postsProjection)
      .given([
        tenure('PersonAppointed', 'A', 'committee', 'member', '2018-06-01'),
        tenure('PersonAppointed', 'C', 'committee', 'member', '2019-01-01'),
        tenure('PersonAppointed', 'A', 'branch', 'secretary', '2019-01-01'),
      ])
      .thenDocuments(POSTS_COLLECTION, [
        { id: postKey('branch', 'secretary'), doc: { unitId: 'branch', post: 'secretary', terms: [{ personId: 'A', from: '2019-01-01' }], personIds: ['A'] } },
        {
          id: postKey('committee', 'member'),
          doc: { unitId: 'committee', post: 'member', terms: [{ personId: 'A', from: '2018-06-01' }, { personId: 'C', from: '2019-01-01' }], personIds: ['A', 'C'] },
        },
      ]);
  });

  it('when someone is reappointed after a relief, then each term stays and the person is indexed once', () => {
    projecting(postsProjection)
      .given([
        tenure('PersonAppointed', 'A', 'u', 'head', '2018-01-01'),
        tenure('PersonRelieved', 'A', 'u', 'head', '2019-01-01'),
        tenure('PersonAppointed', 'A', 'u', 'head', '2020-01-01'),
      ])
      .thenDocument(POSTS_COLLECTION, 'u:head', expect.objectContaining({ terms: [{ personId: 'A', from: '2018-01-01', to: '2019-01-01' }, { personId: 'A', from: '2020-01-01' }], personIds: ['A'] }));
  });
});
