import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemOf } from '../problem/problem';
import { sendProblem } from '../problem/send-problem';
import type { Authenticated, KeyRing } from './key-ring';
import { looksLikeJwt } from './oidc-tokens';
import { isPublicPath } from './public-routes';
import { AdminRoles, type RolesRouteConfig } from './roles';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * A bearer that looks like a JWT goes to the OIDC verifier when OIDC_ISSUER is set; everything else is an API key.
 * (API keys are never JWT-shaped: the generated ones are base64url without dots.)
 */
async function check(keys: KeyRing, token: string | undefined): Promise<Authenticated | { refused: string }> {
  if (token === undefined) return { refused: 'Send Authorization: Bearer <API key or token>.' };
  if (keys.tokens && looksLikeJwt(token)) return keys.tokens.verify(token);
  return keys.authenticate(token) ?? { refused: 'The API key is not known.' };
}

/**
 * Fastify onRequest: authenticates every request outside the public paths and checks the route's roles, before
 * the body is read — so 401/403 answer before 413, 415 and 400 (API.md's order). Bearers are API keys or, with
 * OIDC_ISSUER set, OIDC tokens (JWTs) verified for issuer, audience, signature and lifetime. Paths no route matches need a
 * key too: an unauthenticated caller cannot probe which routes exist. A route without `@Roles` is admin-only.
 */
export function authenticationHook(keys: KeyRing) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    // CORS preflights carry no credentials by design.
    if (request.method === 'OPTIONS' || isPublicPath(request.url.split('?')[0])) return undefined;
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const checked = await check(keys, token);
    if ('refused' in checked) {
      reply.header('www-authenticate', 'Bearer realm="duty-ledger"');
      return sendProblem(request, reply, { problem: problemOf(401, 'unauthorized', checked.refused) });
    }
    const found = checked;
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
