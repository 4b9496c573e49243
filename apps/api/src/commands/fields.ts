import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsString, Max, Min, ValidateIf } from 'class-validator';
import { ARRAY_MAX, ENTITY_ID, IsCalendarDate, IsEntityId, MaxCharacters, NAME_MAX, TEXT_MAX, IsOmittable } from '../platform/validation/validators';

/**
 * Field rules of API.md, composed once: ids, id lists, names, texts, text lists, dates, years and closed lists. Each
 * states its rule twice, to class-validator (which refuses) and to OpenAPI (which clients generate from), so the
 * document says exactly what a 400 is for.
 */
const ID_SCHEMA = { type: 'string', pattern: ENTITY_ID.source } as const;

export const OptionalId = (description = 'Made by the server (a UUID) when absent.') =>
  applyDecorators(ApiPropertyOptional({ ...ID_SCHEMA, description }), IsOmittable(), IsEntityId());
export const Id = (description?: string) => applyDecorators(ApiProperty({ ...ID_SCHEMA, description }), IsEntityId());
export const IdList = (description?: string) =>
  applyDecorators(ApiProperty({ type: 'array', items: ID_SCHEMA, maxItems: ARRAY_MAX, description }), IsArray(), ArrayMaxSize(ARRAY_MAX), IsEntityId({ each: true }));

const bounded = (max: number) => applyDecorators(IsString(), IsNotEmpty(), MaxCharacters(max));
export const Name = (example?: string) => applyDecorators(ApiProperty({ minLength: 1, maxLength: NAME_MAX, example }), bounded(NAME_MAX));
export const OptionalName = () => applyDecorators(ApiPropertyOptional({ minLength: 1, maxLength: NAME_MAX }), IsOmittable(), bounded(NAME_MAX));
export const Text = () => applyDecorators(ApiProperty({ minLength: 1, maxLength: TEXT_MAX }), bounded(TEXT_MAX));
export const OptionalText = () => applyDecorators(ApiPropertyOptional({ minLength: 1, maxLength: TEXT_MAX }), IsOmittable(), bounded(TEXT_MAX));
/** A text that may be left out unless `when` holds (`areaNote`, required when `area` is `other`). */
export const TextRequiredWhen = <T>(when: (dto: T) => boolean, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ minLength: 1, maxLength: TEXT_MAX, description }),
    ValidateIf((dto: T, value: unknown) => value !== undefined || when(dto)),
    bounded(TEXT_MAX),
  );

const textList = (description?: string) => ({ type: 'array', items: { type: 'string', maxLength: TEXT_MAX }, maxItems: ARRAY_MAX, description }) as const;
const textListRules = () => applyDecorators(IsArray(), ArrayMaxSize(ARRAY_MAX), IsString({ each: true }), MaxCharacters(TEXT_MAX, { each: true }));
export const TextList = () => applyDecorators(ApiProperty(textList()), textListRules());
export const OptionalTextList = () => applyDecorators(ApiPropertyOptional(textList()), IsOmittable(), textListRules());

export const CalendarDate = (example?: string) => applyDecorators(ApiProperty({ type: 'string', format: 'date', example }), IsCalendarDate());
export const Year = () => applyDecorators(ApiProperty({ type: 'integer', minimum: 1900, maximum: 2999 }), IsInt(), Min(1900), Max(2999));

export const OneOf = (values: readonly string[]) => applyDecorators(ApiProperty({ enum: values }), IsIn(values));
export const OptionalOneOf = (values: readonly string[], description?: string) => applyDecorators(ApiPropertyOptional({ enum: values, description }), IsOmittable(), IsIn(values));
const listOf = (values: readonly string[]): ApiPropertyOptions => ({ type: 'array', items: { type: 'string', enum: [...values] }, maxItems: ARRAY_MAX });
const listOfRules = (values: readonly string[]) => applyDecorators(IsArray(), ArrayMaxSize(ARRAY_MAX), IsIn(values, { each: true }));
export const ListOf = (values: readonly string[]) => applyDecorators(ApiProperty(listOf(values)), listOfRules(values));
export const OptionalListOf = (values: readonly string[]) => applyDecorators(ApiPropertyOptional(listOf(values)), IsOmittable(), listOfRules(values));
