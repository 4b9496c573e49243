import { ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from '../problem/validation-failed';

/** Strict: unknown properties refused, no implicit conversion ("1" is not 1), every violation reported with its path. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ValidationFailed.from(errors),
  });
}
