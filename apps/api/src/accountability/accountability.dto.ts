import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt } from 'class-validator';
import { ACCOUNTABILITY_ROLES, MEASURES, type AccountabilityRole, type Form, type Measure } from '@duty-ledger/domain/shared/vocabulary';
import { OneSubject } from '../commands/exactly-one';
import { CalendarDate, Id, IdList, OneOf, OptionalId, Text } from '../commands/fields';

export class ApplyAccountabilityDto {
  @OptionalId() caseId?: string;
  @IdList('The findings this decision answers (at least one).') findingIds!: string[];
  @OneSubject('subjectUnitId', 'The person held to account.') subjectPersonId?: string;
  @OptionalId('The unit held to account.') subjectUnitId?: string;
  @OneOf(ACCOUNTABILITY_ROLES.values) role!: AccountabilityRole;
  @ApiProperty({ type: 'integer', enum: [1, 2, 3, 4], description: 'The four forms (四种形态), a JSON integer.' })
  @IsInt()
  @IsIn([1, 2, 3, 4])
  form!: Form;
  @OneOf(MEASURES.values) measure!: Measure;
  @Id() decidedByUnitId!: string;
  @CalendarDate() decidedOn!: string;
  @Text() rationale!: string;
  @IdList() dutyIds!: string[];
}

export class RevokeAccountabilityDto {
  @CalendarDate() revokedOn!: string;
  @Text() reason!: string;
}
