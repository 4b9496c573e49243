import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemOf } from '../problem/problem';
import { sendProblem } from '../problem/send-problem';
import type { KeyRing } from './key-ring';
import { isPublicPath } from './public-routes';
import { AdminRoles, type RolesRouteConfig } from './roles';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Fastify onRequest: authenticates every request outside the public paths and checks the route's roles, before
 * the body is read — so 401/403 answer before 413, 415 and 400 (API.md's order). Paths no route matches need a
 * key too: an unauthenticated caller cannot probe which routes exist. A route without `@Roles` is admin-only.
 */
export function authenticationHook(keys: KeyRing) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    // CORS preflights carry no credentials by design.
    if (request.method === 'OPTIONS' || isPublicPath(request.url.split('?')[0])) return undefined;
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const found = token === undefined ? null : keys.authenticate(token);
    if (!found) {
      reply.header('www-authenticate', 'Bearer realm="duty-ledger"');
      const detail = token === undefined ? 'Send Authorization: Bearer <API key>.' : 'The API key is not known.';
      return sendProblem(request, reply, { problem: problemOf(401, 'unauthorized', detail) });
    }
    request.principal = found.principal;
    request.raw.principal = found.principal;
    request.apiKeyId = found.keyId;
    if (request.routeOptions.url === undefined) return undefined; // no route: the not-found handler answers 404
    const roles = (request.routeOptions.config as RolesRouteConfig).roles ?? AdminRoles;
    if (!roles.includes(found.principal.role)) {
      return sendProblem(request, reply, { problem: problemOf(403, 'forbidden', `The ${found.principal.role} role may not ${request.method} ${request.routeOptions.url}.`) });
    }
    return undefined;
  };
}
