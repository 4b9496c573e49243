import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy, ValidateIf } from 'class-validator';
import { ENTITY_ID, IsEntityId } from '../platform/validation/validators';

/**
 * An optional id that, with its sibling, must be given exactly once (DOMAIN: one subject, a person or a unit) — else
 * 400. It is validated whenever it is present or its sibling is absent, so "neither" and "both" are both caught here.
 */
export const OneSubject = (sibling: string, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', pattern: ENTITY_ID.source, description: `${description} Exactly one of this and ${sibling}.` }),
    ValidateIf((o: Record<string, unknown>, value: unknown) => value !== undefined || o[sibling] === undefined),
    ValidateBy({
      name: 'exactlyOneSubject',
      validator: {
        validate: (value, args) => (value !== undefined) !== ((args?.object as Record<string, unknown>)[sibling] !== undefined),
        defaultMessage: (args) => `exactly one of ${args?.property}, ${sibling} must be given`,
      },
    }),
    IsEntityId(),
  );
