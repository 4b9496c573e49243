import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { ExecuteUnitCommand } from '@duty-ledger/application/units/unit.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { EntityIdParam } from '../commands/entity-id.param';
import { CommandRoles, Roles } from '../platform/auth/roles';
import { DissolveUnitDto, MoveUnitDto, RegisterUnitDto, RenameUnitDto } from './units.dto';

@ApiTags('units')
@ApiBearerAuth()
@Controller('v1/units')
@Roles(...CommandRoles)
export class UnitsCommandController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Register a unit → UnitRegistered; 422 outlives-parent under a parent whose dissolution is recorded after the date' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async register(@Body() dto: RegisterUnitDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const unitId = dto.unitId ?? randomUUID();
    targets(reply, streams.unit(unitId));
    const result = await this.commands.execute(new ExecuteUnitCommand(ctx, { type: 'RegisterUnit', ...dto, unitId }));
    return accepted(reply, result);
  }

  @Post(':unitId/rename')
  @ApiOperation({ summary: 'Rename a unit → UnitRenamed' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async rename(@EntityIdParam('unitId') unitId: string, @Body() dto: RenameUnitDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.unit(unitId));
    return accepted(reply, await this.commands.execute(new ExecuteUnitCommand(ctx, { type: 'RenameUnit', unitId, ...dto })));
  }

  @Post(':unitId/move')
  @ApiOperation({
    summary: 'Move a unit under another parent → UnitMoved; 422 outlives-parent where it would stay under the parent past its recorded dissolution',
  })
  @ApiCreatedResponse({ type: CommandAccepted })
  async move(@EntityIdParam('unitId') unitId: string, @Body() dto: MoveUnitDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.unit(unitId));
    return accepted(reply, await this.commands.execute(new ExecuteUnitCommand(ctx, { type: 'MoveUnit', unitId, ...dto })));
  }

  @Post(':unitId/dissolve')
  @ApiOperation({
    summary: 'Dissolve a unit → UnitDissolved; 422 unit-has-active-children while a unit is still under it on or after the date (move or dissolve it first)',
  })
  @ApiCreatedResponse({ type: CommandAccepted })
  async dissolve(@EntityIdParam('unitId') unitId: string, @Body() dto: DissolveUnitDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.unit(unitId));
    return accepted(reply, await this.commands.execute(new ExecuteUnitCommand(ctx, { type: 'DissolveUnit', unitId, ...dto })));
  }
}
