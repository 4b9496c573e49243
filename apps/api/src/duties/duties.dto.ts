import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { DUTY_AREAS, POSTS, RESPONSIBILITY_KINDS, TAGS, type DutyArea, type Post, type ResponsibilityKind, type Tag } from '@duty-ledger/domain/shared/vocabulary';
import { DatedReasonDto } from '../commands/dated-reason.dto';
import { CalendarDate, Id, IdList, Name, OneOf, OptionalId, OptionalListOf, OptionalName, OptionalOneOf, OptionalTextList, TextList, TextRequiredWhen, Year } from '../commands/fields';

export class HolderDto {
  @Id() unitId!: string;
  @OptionalOneOf(POSTS.values, 'For `first` and `dual` duties; none for `primary` and `supervisory`.') post?: Post;
}

const Holder = () => applyDecorators(ApiProperty({ type: HolderDto }), IsObject(), ValidateNested(), Type(() => HolderDto));

export class AssignDutyDto {
  @OptionalId() dutyId?: string;
  @OneOf(RESPONSIBILITY_KINDS.values) kind!: ResponsibilityKind;
  @Holder() holder!: HolderDto;
  @OneOf(DUTY_AREAS.values) area!: DutyArea;
  @TextRequiredWhen((dto: AssignDutyDto) => dto.area === 'other', 'Required when area is `other`.') areaNote?: string;
  @OptionalListOf(TAGS.values) tags?: Tag[];
  @Name() title!: string;
  @TextList() items!: string[];
  @IdList('The portfolio of a `dual` duty (分管/联系范围), at least one unit.') scopeUnitIds!: string[];
  @Year() year!: number;
  @OptionalId('A delegation: the duty this one passes down (层层传导).') parentDutyId?: string;
  @CalendarDate() effectiveFrom!: string;
}

export class ReassignDutyDto extends DatedReasonDto {
  @Holder() holder!: HolderDto;
}

export class ReviseDutyDto {
  @OptionalName() title?: string;
  @OptionalTextList() items?: string[];
}

/** Close takes the date and the reason. */
export class CloseDutyDto extends DatedReasonDto {}

export class AcknowledgeDutyDto {
  @Id() personId!: string;
  @CalendarDate() acknowledgedOn!: string;
}
