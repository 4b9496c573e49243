import type { MeetingState } from '@duty-ledger/domain/meeting/meeting.decider';
import type { Filter, ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { MEETINGS } from './meetings.projection';

/** The meeting as recorded at the position; `null` when not recorded by then. */
export async function readMeeting(store: ReadStore, meetingId: string, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<MeetingState | null> {
  const stored = await store.get<MeetingState>(MEETINGS, meetingId, { asOfPosition });
  return stored?.doc.exists ? stored.doc : null;
}

/** Meetings matching an index filter (`unitId`, `kind`, `dutyIds`), as recorded at the position, ordered by id. */
export async function findMeetings(store: ReadStore, filter: Filter, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<MeetingState[]> {
  return (await store.find<MeetingState>(MEETINGS, filter, { asOfPosition })).map((d) => d.doc).filter((d) => d.exists);
}
