import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { ExecuteFindingCommand } from '@duty-ledger/application/findings/finding.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { EntityIdParam } from '../commands/entity-id.param';
import { CommandRoles, Roles } from '../platform/auth/roles';
import { CloseFindingDto, CompleteRectificationDto, PlanRectificationDto, RaiseFindingDto, ReviewFollowUpDto } from './findings.dto';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('v1/findings')
@Roles(...CommandRoles)
export class FindingsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Raise a finding (问题) from an inspection, check, audit, supervision, petition or self-check → FindingRaised' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async raise(@Body() dto: RaiseFindingDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const findingId = dto.findingId ?? randomUUID();
    targets(reply, streams.finding(findingId));
    return accepted(reply, await this.commands.execute(new ExecuteFindingCommand(ctx, { type: 'RaiseFinding', ...dto, findingId })));
  }

  @Post(':findingId/plan')
  @ApiOperation({ summary: 'Plan the rectification (举措、时限、责任到人) → RectificationPlanned' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async plan(@EntityIdParam('findingId') findingId: string, @Body() dto: PlanRectificationDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.finding(findingId));
    return accepted(reply, await this.commands.execute(new ExecuteFindingCommand(ctx, { type: 'PlanRectification', findingId, ...dto })));
  }

  @Post(':findingId/complete')
  @ApiOperation({ summary: 'Complete the rectification → RectificationCompleted' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async complete(@EntityIdParam('findingId') findingId: string, @Body() dto: CompleteRectificationDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.finding(findingId));
    return accepted(reply, await this.commands.execute(new ExecuteFindingCommand(ctx, { type: 'CompleteRectification', findingId, ...dto })));
  }

  @Post(':findingId/follow-up')
  @ApiOperation({ summary: 'Follow-up review (回头看) → FollowUpReviewed, plus FindingReopened when relapsed' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async followUp(@EntityIdParam('findingId') findingId: string, @Body() dto: ReviewFollowUpDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.finding(findingId));
    return accepted(reply, await this.commands.execute(new ExecuteFindingCommand(ctx, { type: 'ReviewFollowUp', findingId, ...dto })));
  }

  @Post(':findingId/close')
  @ApiOperation({ summary: 'Close the finding → FindingClosed' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async close(@EntityIdParam('findingId') findingId: string, @Body() dto: CloseFindingDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.finding(findingId));
    return accepted(reply, await this.commands.execute(new ExecuteFindingCommand(ctx, { type: 'CloseFinding', findingId, ...dto })));
  }
}
