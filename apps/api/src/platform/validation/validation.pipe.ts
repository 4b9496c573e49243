import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type ProblemField, ProblemException } from '../problem/problem';

/**
 * Path and query values reach their own parsers (YearParam, read-params) as the text that came: Nest converted a path
 * parameter typed `number` with `+value`, so `0x7E3`, `2.019e3` and ` 2019` were 2019 before YearParam could refuse them.
 */
class TextParamsValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

/** Strict: unknown properties refused, no implicit conversion ("1" is not 1, in bodies, paths and queries), every violation listed with its path. */
export function strictValidationPipe(): ValidationPipe {
  return new TextParamsValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ProblemException(400, 'validation-failed', 'The request does not match the schema.', fieldErrors(errors)),
  });
}

/** Nested class-validator errors as `{ path: 'holder.unitId', message }`; the body itself has the path ''. */
export function fieldErrors(errors: readonly ValidationError[], prefix = ''): ProblemField[] {
  return errors.flatMap((error) => {
    const path = [prefix, error.property].filter((part) => part !== '' && part !== undefined).join('.');
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...fieldErrors(error.children ?? [], path)];
  });
}
