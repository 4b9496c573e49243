import { MEETING_KINDS, type MeetingKind } from '@duty-ledger/domain/shared/vocabulary';
import { CalendarDate, Id, IdList, OneOf, OptionalId, TextList } from '../commands/fields';

export class HoldMeetingDto {
  @OptionalId() meetingId?: string;
  @Id() unitId!: string;
  @OneOf(MEETING_KINDS.values) kind!: MeetingKind;
  @CalendarDate() heldOn!: string;
  @OptionalId('Holds a post in the unit on heldOn.') chairPersonId?: string;
  @IdList() attendeePersonIds!: string[];
  @TextList() agenda!: string[];
  @TextList() decisions!: string[];
  @IdList('The duties this meeting performs (履责).') dutyIds!: string[];
}
