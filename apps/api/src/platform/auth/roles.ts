import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES_KEY = 'duty-ledger:roles';

/** Which roles may call a route (API.md "Auth and roles"); the guard answers 403 to the others. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CommandRoles: Role[] = ['integrator', 'admin'];
export const AccountabilityRoles: Role[] = ['discipline', 'admin'];
export const ReadRoles: Role[] = ['integrator', 'inspector', 'discipline', 'admin'];
export const AdminRoles: Role[] = ['admin'];
