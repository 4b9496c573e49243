import { ApiParam, type ApiParamOptions } from '@nestjs/swagger';

/**
 * Documents a path parameter from the parameter decorator that parses it, so the pipe and the schema are declared in
 * one place: the handler's own `@ApiParam`, applied from the parameter (parameter decorators run before the method's).
 */
export function documentPathParam(target: object, key: string | symbol | undefined, options: ApiParamOptions): void {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (key !== undefined && descriptor) ApiParam(options)(target, key, descriptor);
}
