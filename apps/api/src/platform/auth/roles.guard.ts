import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ROLES_KEY } from './roles';
import type { Role } from './principal';

/** 403 when the authenticated role may not call the route; routes without @Roles are public (health, docs). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal || !roles.includes(principal.role)) throw new ForbiddenException(`role ${principal?.role ?? '(none)'} may not call this route`);
    return true;
  }
}
