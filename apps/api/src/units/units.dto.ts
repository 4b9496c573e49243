import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '@duty-ledger/domain/shared/vocabulary';
import { DatedReasonDto } from '../commands/dated-reason.dto';
import { IsCalendarDate, IsEntityId, NAME_MAX, IsOmittable } from '../platform/validation/validators';

export class RegisterUnitDto {
  @ApiPropertyOptional({ description: 'Made by the server (a UUID) when absent.', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' })
  @IsOmittable()
  @IsEntityId()
  unitId?: string;

  @ApiProperty({ maxLength: NAME_MAX, example: '药学院党总支' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS.values })
  @IsIn(UNIT_KINDS.values)
  kind!: UnitKind;

  @ApiPropertyOptional({ description: 'Absent only for a root party committee.' })
  @IsOmittable()
  @IsEntityId()
  parentUnitId?: string;

  @ApiProperty({ format: 'date', example: '2019-01-14' })
  @IsCalendarDate()
  effectiveFrom!: string;
}

export class RenameUnitDto {
  @ApiProperty({ maxLength: NAME_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  name!: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  effectiveFrom!: string;
}

export class MoveUnitDto {
  @ApiProperty()
  @IsEntityId()
  parentUnitId!: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  effectiveFrom!: string;
}

/** Dissolve takes the date and the reason. */
export class DissolveUnitDto extends DatedReasonDto {}
