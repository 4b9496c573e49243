import type { FastifyRequest } from 'fastify';
import type { Actor } from '@duty-ledger/event-store/event-store.port';

export type Role = 'integrator' | 'inspector' | 'discipline' | 'admin';
export const ROLE_NAMES: readonly Role[] = ['integrator', 'inspector', 'discipline', 'admin'];

export interface Principal extends Actor {
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The authenticated principal (set by the onRequest hook before anything else runs). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('no principal on an authenticated route');
  return request.principal;
}
