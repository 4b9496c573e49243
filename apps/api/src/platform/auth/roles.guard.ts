import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_KEY } from './public-routes';
import { AdminRoles, type Role, ROLES_KEY } from './roles';

/**
 * `@Roles(...)` enforced inside Nest. The onRequest hook already refused most callers before the body was read;
 * this guard is the second lock, for routes whose Fastify config did not carry the roles.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  // Explicit @Inject: the lint rule would turn a type-only use into `import type` and break DI metadata.
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? AdminRoles;
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw new UnauthorizedException('Authentication required');
    if (!roles.includes(principal.role)) throw new ForbiddenException(`The ${principal.role} role may not do this.`);
    return true;
  }
}
