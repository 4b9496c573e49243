import { applyDecorators } from '@nestjs/common';
import { IsDefined, Matches, ValidateBy, ValidateIf, buildMessage, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@duty-ledger/domain/shared/dates';
import { isInstant } from './instant';

/** API.md limits (→ 400). */
export const NAME_MAX = 200;
export const TEXT_MAX = 10_000;
export const ARRAY_MAX = 1_000;
export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * A property a body may leave out, but not send as null: `IsOptional` passes null as if the property were absent, and
 * the command carried it on (a 404 naming "null", or null stored in the event). The property's other rules apply to
 * anything sent.
 */
export const IsOmittable = () => applyDecorators(ValidateIf((_, value: unknown) => value !== undefined), IsDefined({ message: '$property may be left out, but not null' }));

/** `YYYY-MM-DD` that exists on the calendar (2023-02-29 does not). */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (value) => isCalendarDate(value), defaultMessage: buildMessage((each) => `${each}$property must be a calendar date YYYY-MM-DD`, options) } },
    options,
  );

/** ISO 8601 instant with a zone, on a day of the calendar and a time of the clock. */
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => isInstant(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO 8601 instant with a zone, on a day and at a time that exist`, options),
      },
    },
    options,
  );

/** Code points: what JSON Schema's maxLength counts (OpenAPI), an astral character one, a variation selector one. */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    length++;
  }
  return length;
}

/**
 * API.md's "≤ N characters", as the published schema's maxLength counts them. class-validator's MaxLength leaves out
 * every variation selector that follows a character, so 'x\ufe0f' × 200 (400 code points) passed a 200 limit.
 */
export const MaxCharacters = (max: number, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'maxCharacters',
      constraints: [max],
      validator: {
        validate: (value) => typeof value === 'string' && codePointLength(value) <= max,
        defaultMessage: buildMessage((each) => `${each}$property must be shorter than or equal to ${max} characters`, options),
      },
    },
    options,
  );

/** Ids given by clients: `^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`. */
export const IsEntityId = (options?: ValidationOptions) => Matches(ENTITY_ID, { message: `$property must match ${ENTITY_ID.source}`, ...options });
