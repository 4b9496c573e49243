import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { MEETINGS, meetingsProjection } from './meetings.projection';

const held = { meetingId: 'm1', unitId: 'committee', kind: 'annual-deployment', heldOn: '2020-02-20', attendeePersonIds: ['A'], agenda: ['部署'], decisions: [], dutyIds: ['d1'] };

describe('meetings projection', () => {
  it('when a meeting is held, then one document keeps it whole', () => {
    projecting(meetingsProjection)
      .given([{ type: 'MeetingHeld', streamId: 'meeting-m1', data: held }])
      .thenDocument(MEETINGS, 'm1', { ...held, exists: true });
  });

  it('declares the index fields the compliance, loop and figures reads look meetings up by', () => {
    expect([...meetingsProjection.collections[0].indexes].sort()).toEqual(['dutyIds', 'heldOn', 'kind', 'unitId']);
  });
});
