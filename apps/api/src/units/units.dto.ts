import { UNIT_KINDS, type UnitKind } from '@duty-ledger/domain/shared/vocabulary';
import { DatedReasonDto } from '../commands/dated-reason.dto';
import { CalendarDate, Id, Name, OneOf, OptionalId } from '../commands/fields';

export class RegisterUnitDto {
  @OptionalId() unitId?: string;
  @Name('药学院党总支') name!: string;
  @OneOf(UNIT_KINDS.values) kind!: UnitKind;
  @OptionalId('Absent only for a root party committee.') parentUnitId?: string;
  @CalendarDate('2019-01-14') effectiveFrom!: string;
}

export class RenameUnitDto {
  @Name() name!: string;
  @CalendarDate() effectiveFrom!: string;
}

export class MoveUnitDto {
  @Id() parentUnitId!: string;
  @CalendarDate() effectiveFrom!: string;
}

/** Dissolve takes the date and the reason. */
export class DissolveUnitDto extends DatedReasonDto {}
