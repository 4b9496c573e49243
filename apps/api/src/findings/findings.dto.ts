import { DUTY_AREAS, FINDING_SOURCES, FOLLOW_UP_OUTCOMES, SEVERITIES, TAGS, type DutyArea, type FindingSource, type FollowUpOutcome, type Severity, type Tag } from '@duty-ledger/domain/shared/vocabulary';
import { CalendarDate, Id, IdList, ListOf, OneOf, OptionalId, OptionalText, Text, TextList, TextRequiredWhen } from '../commands/fields';

export class RaiseFindingDto {
  @OptionalId() findingId?: string;
  @OneOf(FINDING_SOURCES.values) source!: FindingSource;
  @Id() raisedByUnitId!: string;
  @Id() subjectUnitId!: string;
  @OptionalId('The person directly responsible, when known.') subjectPersonId?: string;
  @OneOf(DUTY_AREAS.values) area!: DutyArea;
  @TextRequiredWhen((dto: RaiseFindingDto) => dto.area === 'other', 'Required when area is `other`.') areaNote?: string;
  @ListOf(TAGS.values) tags!: Tag[];
  @OneOf(SEVERITIES.values) severity!: Severity;
  @Text() description!: string;
  @CalendarDate() occurredOn!: string;
  @IdList() dutyIds!: string[];
}

export class PlanRectificationDto {
  @CalendarDate() plannedOn!: string;
  @TextList() measures!: string[];
  @CalendarDate() deadline!: string;
  @Id() responsiblePersonId!: string;
}

export class CompleteRectificationDto {
  @CalendarDate() completedOn!: string;
  @Text() evidence!: string;
}

export class ReviewFollowUpDto {
  @CalendarDate() reviewedOn!: string;
  @OneOf(FOLLOW_UP_OUTCOMES.values) outcome!: FollowUpOutcome;
  @OptionalText() notes?: string;
}

export class CloseFindingDto {
  @CalendarDate() closedOn!: string;
  @Text() reason!: string;
}
