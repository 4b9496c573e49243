import { applyDecorators, SetMetadata } from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { ApiExtension } from '@nestjs/swagger';

export const ROLE_NAMES = ['integrator', 'inspector', 'discipline', 'admin'] as const;
export type Role = (typeof ROLE_NAMES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLE_NAMES as readonly string[]).includes(value);

/** API.md "Auth and roles": who may do what. */
export const ROLES = {
  /** Every command except accountability. */
  command: ['integrator', 'admin'],
  /** Accountability commands (追责问责). */
  accountability: ['discipline', 'admin'],
  /** Every read. */
  read: ['integrator', 'inspector', 'discipline', 'admin'],
  /** `/v1/admin/*`. */
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export const CommandRoles: Role[] = [...ROLES.command];
export const AccountabilityRoles: Role[] = [...ROLES.accountability];
export const ReadRoles: Role[] = [...ROLES.read];
export const AdminRoles: Role[] = [...ROLES.admin];

export const ROLES_KEY = 'duty-ledger:roles';

/** Where the roles travel in Fastify's route config, so the onRequest hook can refuse (403) before the body is read. */
export interface RolesRouteConfig {
  roles?: readonly Role[];
}

/**
 * The roles that may call a route (on a handler) or every route of a controller (on the class; a handler's own
 * `@Roles` wins). Besides Nest metadata for the RolesGuard, the roles go into each handler's Fastify route config:
 * API.md puts 403 before 413/415/400, and only an onRequest hook runs before Fastify reads the body.
 */
export function Roles(...roles: Role[]): ClassDecorator & MethodDecorator {
  // `x-roles` tells OpenAPI readers who may call each route (bearer alone does not): a handler's own wins there too.
  return applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles), (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      setRouteRoles(descriptor.value as object, roles, true);
      return;
    }
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (typeof method === 'function') setRouteRoles(method, roles, false);
    }
  });
}

function setRouteRoles(handler: object, roles: readonly Role[], override: boolean): void {
  const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as RolesRouteConfig & Record<string, unknown>;
  if (config.roles && !override) return;
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, roles }, handler);
}
