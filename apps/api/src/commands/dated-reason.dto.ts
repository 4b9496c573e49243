import { CalendarDate, Text } from './fields';

/** The body of commands that end or move something from a date, for a stated reason (dissolve, close, reassign). */
export class DatedReasonDto {
  @CalendarDate() effectiveFrom!: string;
  @Text() reason!: string;
}
