import { REPORT_KINDS, type ReportKind } from '@duty-ledger/domain/shared/vocabulary';
import { CalendarDate, IdList, OneOf, OptionalId, Text, Year } from '../commands/fields';

export class SubmitReportDto {
  @OptionalId() reportId?: string;
  @OneOf(REPORT_KINDS.values) kind!: ReportKind;
  @OptionalId('The authoring unit (a unit, a person, or both).') authorUnitId?: string;
  @OptionalId('The authoring person.') authorPersonId?: string;
  @OptionalId('The unit reported to.') recipientUnitId?: string;
  @Year() year!: number;
  @IdList() dutyIds!: string[];
  @Text() summary!: string;
  @CalendarDate() submittedOn!: string;
}
