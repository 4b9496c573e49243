import { BadRequestException, Param, type PipeTransform } from '@nestjs/common';
import { documentPathParam } from '../platform/openapi/path-param';

const YEAR = /^(19|2\d)\d\d$/;
/** What parseYear accepts, for OpenAPI: a path's `year` would otherwise be documented as any number. */
export const YEAR_SCHEMA = { type: 'integer', minimum: 1900, maximum: 2999 } as const;

export function parseYear(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !YEAR.test(value)) throw new BadRequestException(`${name} must be a year from 1900 to 2999`);
  return Number(value);
}

class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    return parseYear('year', value)!;
  }
}

/** A year in the path (`/figures/:year`), held to the same form as `?year=` and the same range as years in bodies. */
export const YearParam = (name: string): ParameterDecorator => (target, key, index) => {
  Param(name, new YearPipe())(target, key, index);
  documentPathParam(target, key, { name, schema: YEAR_SCHEMA });
};
