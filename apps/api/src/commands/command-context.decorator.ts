import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { routeOf } from '@duty-ledger/application/commands/idempotency';
import { principalOf } from '../platform/auth/principal';
import { parseWholeNumber } from '../platform/validation/whole-number';

const QUOTED = /^"(.*)"$/;
const IDEMPOTENCY_KEY_MAX = 128;

/** Parses `If-Match` as API.md defines it: `"<revision>"` or `*`; anything else is a 400. */
export function parseIfMatch(header: string | string[] | undefined): number | '*' | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header.trim();
  if (value === '*') return '*';
  const revision = parseWholeNumber(QUOTED.exec(value)?.[1] ?? '');
  if (revision === undefined) throw new BadRequestException('If-Match must be "<revision>" (a quoted whole number) or *');
  return revision;
}

export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || header.length === 0 || header.length > IDEMPOTENCY_KEY_MAX)
    throw new BadRequestException(`Idempotency-Key must be one string of 1 to ${IDEMPOTENCY_KEY_MAX} characters`);
  return header;
}

/**
 * API.md's commands name the existing id they target in the path (`POST /v1/units/:unitId/rename`); a create
 * (`POST /v1/units`) has no path parameter, and ignores `If-Match` entirely — a malformed one included.
 */
function targetsExistingId(request: FastifyRequest): boolean {
  return Object.keys(request.params ?? {}).length > 0;
}

/** The command's context from the request: principal, request id, If-Match, Idempotency-Key (scoped to route and body), unit scope. */
export const CommandCtx = createParamDecorator((_: unknown, execution: ExecutionContext): CommandContext => {
  const request = execution.switchToHttp().getRequest<FastifyRequest>();
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  const actor = principalOf(request);
  // API.md: keys are scoped to the API key (or the token's subject), and several keys may share a principal's name.
  const caller = request.apiKeyId ?? `principal:${actor.name}`;
  return {
    actor,
    correlationId: String(request.id),
    ifMatch: targetsExistingId(request) ? parseIfMatch(request.headers['if-match']) : undefined,
    idempotency: key === undefined ? undefined : { key, caller, route: routeOf(request.method, request.url), body: request.body },
    // A key or token limited to units (API_KEYS_FILE `units`, the `units` claim): the executor checks every command.
    scope: request.principal?.units,
  };
});
