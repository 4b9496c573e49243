import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsNotEmpty,
  
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DUTY_AREAS, POSTS, RESPONSIBILITY_KINDS, TAGS, type DutyArea, type Post, type ResponsibilityKind, type Tag } from '@duty-ledger/domain/shared/vocabulary';
import { DatedReasonDto } from '../commands/dated-reason.dto';
import { ARRAY_MAX, IsCalendarDate, IsEntityId, NAME_MAX, TEXT_MAX, IsOmittable } from '../platform/validation/validators';

export class HolderDto {
  @ApiProperty()
  @IsEntityId()
  unitId!: string;

  @ApiPropertyOptional({ enum: POSTS.values, description: 'For `first` and `dual` duties; none for `primary` and `supervisory`.' })
  @IsOmittable()
  @IsIn(POSTS.values)
  post?: Post;
}

export class AssignDutyDto {
  @ApiPropertyOptional({ description: 'Made by the server (a UUID) when absent.' })
  @IsOmittable()
  @IsEntityId()
  dutyId?: string;

  @ApiProperty({ enum: RESPONSIBILITY_KINDS.values })
  @IsIn(RESPONSIBILITY_KINDS.values)
  kind!: ResponsibilityKind;

  @ApiProperty({ type: HolderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => HolderDto)
  holder!: HolderDto;

  @ApiProperty({ enum: DUTY_AREAS.values })
  @IsIn(DUTY_AREAS.values)
  area!: DutyArea;

  @ApiPropertyOptional({ maxLength: TEXT_MAX, description: 'Required when area is `other`.' })
  @ValidateIf((dto: AssignDutyDto) => dto.area === 'other' || dto.areaNote !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  areaNote?: string;

  @ApiPropertyOptional({ enum: TAGS.values, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(ARRAY_MAX)
  @IsIn(TAGS.values, { each: true })
  tags?: Tag[];

  @ApiProperty({ maxLength: NAME_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  title!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(ARRAY_MAX)
  @IsString({ each: true })
  @MaxLength(TEXT_MAX, { each: true })
  items!: string[];

  @ApiProperty({ type: [String], description: 'The portfolio of a `dual` duty (分管/联系范围), at least one unit.' })
  @IsArray()
  @ArrayMaxSize(ARRAY_MAX)
  @IsEntityId({ each: true })
  scopeUnitIds!: string[];

  @ApiProperty({ minimum: 1900, maximum: 2999 })
  @IsInt()
  @Min(1900)
  @Max(2999)
  year!: number;

  @ApiPropertyOptional({ description: 'A delegation: the duty this one passes down (层层传导).' })
  @IsOmittable()
  @IsEntityId()
  parentDutyId?: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  effectiveFrom!: string;
}

export class ReassignDutyDto extends DatedReasonDto {
  @ApiProperty({ type: HolderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => HolderDto)
  holder!: HolderDto;
}

export class ReviseDutyDto {
  @ApiPropertyOptional({ maxLength: NAME_MAX })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  title?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(ARRAY_MAX)
  @IsString({ each: true })
  @MaxLength(TEXT_MAX, { each: true })
  items?: string[];
}

/** Close takes the date and the reason. */
export class CloseDutyDto extends DatedReasonDto {}

export class AcknowledgeDutyDto {
  @ApiProperty()
  @IsEntityId()
  personId!: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  acknowledgedOn!: string;
}
