import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate, TEXT_MAX } from '../platform/validation/validators';

/** The body of commands that end or move something from a date, for a stated reason (dissolve, close, reassign). */
export class DatedReasonDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiProperty({ maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;
}
