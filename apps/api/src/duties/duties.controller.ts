import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { ExecuteDutyCommand } from '@duty-ledger/application/duties/duty.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { EntityIdParam } from '../commands/entity-id.param';
import { CommandRoles, Roles } from '../platform/auth/roles';
import { AcknowledgeDutyDto, AssignDutyDto, CloseDutyDto, ReassignDutyDto, ReviseDutyDto } from './duties.dto';

@ApiTags('duties')
@ApiBearerAuth()
@Controller('v1/duties')
@Roles(...CommandRoles)
export class DutiesCommandController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Assign a duty (or delegate one, with parentDutyId) → DutyAssigned' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async assign(@Body() dto: AssignDutyDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const dutyId = dto.dutyId ?? randomUUID();
    targets(reply, streams.duty(dutyId));
    const { holder, tags, ...terms } = dto;
    const command = { type: 'AssignDuty' as const, ...terms, holder: { ...holder }, tags: tags ?? [], dutyId };
    return accepted(reply, await this.commands.execute(new ExecuteDutyCommand(ctx, command)));
  }

  @Post(':dutyId/reassign')
  @ApiOperation({ summary: 'Move a duty to another holder from a date → DutyReassigned' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async reassign(@EntityIdParam('dutyId') dutyId: string, @Body() dto: ReassignDutyDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.duty(dutyId));
    return accepted(reply, await this.commands.execute(new ExecuteDutyCommand(ctx, { type: 'ReassignDuty', dutyId, ...dto, holder: { ...dto.holder } })));
  }

  @Post(':dutyId/revise')
  @ApiOperation({ summary: "Change a duty's wording (record time only) → DutyRevised" })
  @ApiCreatedResponse({ type: CommandAccepted })
  async revise(@EntityIdParam('dutyId') dutyId: string, @Body() dto: ReviseDutyDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.duty(dutyId));
    return accepted(reply, await this.commands.execute(new ExecuteDutyCommand(ctx, { type: 'ReviseDuty', dutyId, ...dto })));
  }

  @Post(':dutyId/close')
  @ApiOperation({ summary: 'End a duty → DutyClosed' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async close(@EntityIdParam('dutyId') dutyId: string, @Body() dto: CloseDutyDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.duty(dutyId));
    return accepted(reply, await this.commands.execute(new ExecuteDutyCommand(ctx, { type: 'CloseDuty', dutyId, ...dto })));
  }

  @Post(':dutyId/acknowledge')
  @ApiOperation({ summary: 'The holder signs the responsibility letter (签订责任书) → DutyAcknowledged' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async acknowledge(@EntityIdParam('dutyId') dutyId: string, @Body() dto: AcknowledgeDutyDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.duty(dutyId));
    return accepted(reply, await this.commands.execute(new ExecuteDutyCommand(ctx, { type: 'AcknowledgeDuty', dutyId, ...dto })));
  }
}
