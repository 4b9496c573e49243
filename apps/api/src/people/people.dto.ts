import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { POSTS, type Post } from '@duty-ledger/domain/shared/vocabulary';
import { IsCalendarDate, IsEntityId, NAME_MAX, IsOmittable } from '../platform/validation/validators';

export class RegisterPersonDto {
  @ApiPropertyOptional({ description: 'Made by the server (a UUID) when absent.' })
  @IsOmittable()
  @IsEntityId()
  personId?: string;

  @ApiProperty({ maxLength: NAME_MAX, example: '张三' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  name!: string;
}

/** Appoint and relieve take the same body. */
export class PostTenureDto {
  @ApiProperty()
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ enum: POSTS.values })
  @IsIn(POSTS.values)
  post!: Post;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  effectiveFrom!: string;
}
