import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { RuleBroken } from '@duty-ledger/domain/shared/errors';
import { CurrentPrincipal, type Principal } from '../../apps/api/src/platform/auth/principal';
import { CommandRoles, ReadRoles, Roles } from '../../apps/api/src/platform/auth/roles';
import { IsCalendarDate, IsEntityId, NAME_MAX } from '../../apps/api/src/platform/validation/validators';

/** A tiny resource for the platform's e2e tests: one command with a nested DTO, one read, and routes that throw. */
class HolderDto {
  @IsEntityId() unitId!: string;
  @IsOptional() @IsString() post?: string;
}

export class ProbeCommandDto {
  @IsString() @MaxLength(NAME_MAX) name!: string;
  @IsInt() year!: number;
  @IsCalendarDate() effectiveFrom!: string;
  @ValidateNested() @Type(() => HolderDto) holder!: HolderDto;
}

@Controller('v1/probe')
@Roles(...ReadRoles)
export class ProbeController {
  @Post()
  @Roles(...CommandRoles)
  command(@Body() dto: ProbeCommandDto, @CurrentPrincipal() principal: Principal) {
    return { received: dto, principal };
  }

  @Get()
  read(@CurrentPrincipal() principal: Principal) {
    return { principal };
  }

  @Get('rule')
  rule() {
    throw new RuleBroken('first-duty-needs-secretary', 'A first duty must be held by a secretary post.');
  }

  @Get('crash')
  crash() {
    throw new Error('secret internals: /srv/db password=hunter2');
  }

  @Get('store-down')
  storeDown() {
    throw new StoreUnavailable('disk full at /var/lib');
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}

/** In-memory stand-ins for the two store tokens; `up` flips their ping. */
export function stubStores() {
  const state = { up: true };
  const ping = async () => {
    if (!state.up) throw new StoreUnavailable('stub down');
  };
  const eventStore = { ping, headPosition: async () => 41, close: async () => undefined } as unknown as EventStore;
  const readStore = { ping, close: async () => undefined } as unknown as ReadStore;
  return { state, eventStore, readStore };
}
