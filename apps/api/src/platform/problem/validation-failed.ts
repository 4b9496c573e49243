import type { ValidationError } from '@nestjs/common';
import { ProblemException } from './problem';

/** A 400 that lists every schema violation with its path (`holder.unitId`). */
export class ValidationFailed extends ProblemException {
  constructor(errors: { path: string; message: string }[]) {
    super(400, 'invalid-request', `The request does not match the schema: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`.slice(0, 2_000), errors);
  }

  static from(errors: ValidationError[]): ValidationFailed {
    return new ValidationFailed(flatten(errors, ''));
  }
}

function flatten(errors: ValidationError[], prefix: string): { path: string; message: string }[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message: message.replace(/^property /, '') }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
