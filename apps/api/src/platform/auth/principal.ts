import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from './roles';

/** Who is calling: stored as `actor` in every event's metadata. */
export interface Principal {
  name: string;
  role: Role;
  /**
   * Unit ids the principal's commands are limited to (with their subunits): API_KEYS_FILE `units` or a token's
   * `units` claim. Absent: not limited. Not part of the event's `actor`.
   */
  units?: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every `/v1` request. */
    principal?: Principal;
    /** A short, non-secret fingerprint of the API key used (rate limiting is per key). */
    apiKeyId?: string;
  }
}

declare module 'http' {
  interface IncomingMessage {
    /** Mirrors FastifyRequest.principal for the request logger, which only sees the raw request. */
    principal?: Principal;
  }
}

/** The request's principal; a route reached without one is a wiring bug, answered as 401 rather than a 500. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedException('Authentication required');
  return { name: request.principal.name, role: request.principal.role };
}

/** `@CurrentPrincipal() principal: Principal` in a handler. */
export const CurrentPrincipal = createParamDecorator((_: unknown, execution: ExecutionContext): Principal =>
  principalOf(execution.switchToHttp().getRequest<FastifyRequest>()),
);

export { type Role, ROLE_NAMES } from './roles';
