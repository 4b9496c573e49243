import { BadRequestException } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { isCalendarDate } from '@duty-ledger/domain/shared/dates';
import type { ReadRequest } from '@duty-ledger/application/reads/read-point';
import { INSTANT, isInstant } from '../platform/validation/instant';
import { ENTITY_ID } from '../platform/validation/validators';
import { parseWholeNumber } from '../platform/validation/whole-number';

/** The forms the parsers below accept, as OpenAPI schemas: what a 400 is for. */
export const WHOLE_NUMBER_SCHEMA = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
export const INSTANT_SCHEMA = { type: 'string', pattern: INSTANT.source, example: '2026-01-31T09:30:00+08:00' } as const;
export const DATE_SCHEMA = { type: 'string', format: 'date', example: '2026-01-31' } as const;
const ID_SCHEMA = { type: 'string', pattern: ENTITY_ID.source } as const;

/** The query parameters every read accepts (API.md "Reads"), documented once; parsed strictly below (query values are text). */
export const ApiReadQueries = () =>
  applyDecorators(
    ApiQuery({ name: 'asOf', required: false, schema: INSTANT_SCHEMA, description: 'Record time: the state as recorded at this instant (ISO 8601 with zone). Not with asOfPosition; a future instant → 400.' }),
    ApiQuery({ name: 'asOfPosition', required: false, schema: WHOLE_NUMBER_SCHEMA, description: 'Record time: the state once the event at this position was applied (inclusive). Not with asOf; past the head of the log → 400.' }),
    ApiQuery({ name: 'at', required: false, schema: DATE_SCHEMA, description: 'Business date (YYYY-MM-DD). Default: today in TIME_ZONE.' }),
    ApiQuery({ name: 'consistentWith', required: false, schema: WHOLE_NUMBER_SCHEMA, description: 'Wait (up to 5 s) until the read models have applied this position; else 503 with Retry-After.' }),
  );

/** A list's page (API.md: `limit` over the route's maximum → 400); `cursor` is the previous page's `nextCursor`. */
export const ApiPageQueries = (fallback: number, max: number) =>
  applyDecorators(
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: max, default: fallback } }),
    ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' }, description: 'The nextCursor of the previous page.' }),
  );

/** An id in the query (a filter, the audit trail's subject). */
export const ApiIdQuery = (name: string, required: boolean, description?: string) => ApiQuery({ name, required, schema: ID_SCHEMA, description });

export type QueryParams = Record<string, unknown>;

export function wholeNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const whole = typeof value === 'string' ? parseWholeNumber(value) : undefined;
  if (whole === undefined) throw new BadRequestException(`${name} must be a whole number from 0 to 2^53 - 1`);
  return whole;
}

export function calendarDate(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) throw new BadRequestException(`${name} must be a calendar date YYYY-MM-DD`);
  return value;
}

export function instant(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isInstant(value)) throw new BadRequestException(`${name} must be an ISO 8601 instant with a zone, on a day and at a time that exist`);
  return value;
}

/**
 * The read point of API.md "Reads". Every read accepts `at` too: a read of record time only (the feeds, a stream, the
 * audit trail, integrity) has no use for it, but a malformed one is still a 400 rather than ignored as if applied.
 */
export function readRequest(query: Record<string, unknown>): ReadRequest {
  calendarDate('at', query.at);
  return {
    asOf: instant('asOf', query.asOf),
    asOfPosition: wholeNumber('asOfPosition', query.asOfPosition),
    consistentWith: wholeNumber('consistentWith', query.consistentWith),
  };
}

export function limitOf(query: Record<string, unknown>, fallback: number, max: number): number {
  const limit = wholeNumber('limit', query.limit) ?? fallback;
  if (limit < 1 || limit > max) throw new BadRequestException(`limit must be between 1 and ${max}`);
  return limit;
}

/** One value of a closed list, or absent. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new BadRequestException(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}
