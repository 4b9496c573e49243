import { meetingDecider, type MeetingEvent, type MeetingState } from '@duty-ledger/domain/meeting/meeting.decider';
import { foldProjection } from '../fold-projection';

export const MEETINGS = 'meetings';

/** 会议 — write-once: one document per meeting, looked up by its unit, kind, the duties it performs and its day. */
export const meetingsProjection = foldProjection<MeetingState>({
  name: 'meetings',
  collection: { name: MEETINGS, indexes: ['unitId', 'kind', 'dutyIds', 'heldOn'] },
  types: ['MeetingHeld'],
  idOf: (event) => String(event.data.meetingId),
  initial: meetingDecider.initialState,
  evolve: (state, event) => meetingDecider.evolve(state, event as unknown as MeetingEvent),
});
