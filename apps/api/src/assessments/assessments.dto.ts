import { ASSESSMENT_METHODS, RATINGS, type AssessmentMethod, type Rating } from '@duty-ledger/domain/shared/vocabulary';
import { OneSubject } from '../commands/exactly-one';
import { CalendarDate, Id, IdList, ListOf, OneOf, OptionalId, OptionalText, Year } from '../commands/fields';

export class RecordAssessmentDto {
  @OptionalId() assessmentId?: string;
  @OneSubject('subjectPersonId', 'The Party organisation assessed.') subjectUnitId?: string;
  @OptionalId('The mid-level cadre assessed.') subjectPersonId?: string;
  @Year() year!: number;
  @ListOf(ASSESSMENT_METHODS.values) methods!: AssessmentMethod[];
  @OneOf(RATINGS.values) rating!: Rating;
  @IdList() dutyIds!: string[];
  @IdList() findingIds!: string[];
  @Id() assessedByUnitId!: string;
  @CalendarDate() assessedOn!: string;
  @OptionalText() notes?: string;
  @OptionalId('The assessment of the same subject and year that this one replaces.') supersedes?: string;
}
