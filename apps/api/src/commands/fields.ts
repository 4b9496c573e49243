import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { ARRAY_MAX, IsCalendarDate, IsEntityId, TEXT_MAX, IsOmittable } from '../platform/validation/validators';

/** Field rules of API.md, composed once: ids, id lists, texts, text lists, dates, years and closed lists. */
export const OptionalId = (description = 'Made by the server (a UUID) when absent.') => applyDecorators(ApiPropertyOptional({ description }), IsOmittable(), IsEntityId());
export const Id = () => applyDecorators(ApiProperty(), IsEntityId());
export const IdList = (description?: string) =>
  applyDecorators(ApiProperty({ type: [String], description }), IsArray(), ArrayMaxSize(ARRAY_MAX), IsEntityId({ each: true }));
export const Text = () => applyDecorators(ApiProperty({ maxLength: TEXT_MAX }), IsString(), IsNotEmpty(), MaxLength(TEXT_MAX));
export const OptionalText = () => applyDecorators(ApiPropertyOptional({ maxLength: TEXT_MAX }), IsOmittable(), IsString(), IsNotEmpty(), MaxLength(TEXT_MAX));
export const TextList = () =>
  applyDecorators(ApiProperty({ type: [String] }), IsArray(), ArrayMaxSize(ARRAY_MAX), IsString({ each: true }), MaxLength(TEXT_MAX, { each: true }));
export const CalendarDate = () => applyDecorators(ApiProperty({ format: 'date' }), IsCalendarDate());
export const Year = () => applyDecorators(ApiProperty({ minimum: 1900, maximum: 2999 }), IsInt(), Min(1900), Max(2999));
export const OneOf = (values: readonly string[]) => applyDecorators(ApiProperty({ enum: values }), IsIn(values));
export const ListOf = (values: readonly string[]) =>
  applyDecorators(ApiProperty({ enum: values, isArray: true }), IsArray(), ArrayMaxSize(ARRAY_MAX), IsIn(values, { each: true }));
