import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { ExecuteAccountabilityCommand } from '@duty-ledger/application/accountability/accountability.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { EntityIdParam } from '../commands/entity-id.param';
import { AccountabilityRoles, Roles } from '../platform/auth/roles';
import { ApplyAccountabilityDto, RevokeAccountabilityDto } from './accountability.dto';

/** 问责 — the discipline role's (and admin's); integrators get 403. */
@ApiTags('accountability')
@ApiBearerAuth()
@Controller('v1/accountability')
@Roles(...AccountabilityRoles)
export class AccountabilityController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Apply accountability in one of the four forms (四种形态) → AccountabilityApplied; the rationale is confidential' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async apply(@Body() dto: ApplyAccountabilityDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const caseId = dto.caseId ?? randomUUID();
    targets(reply, streams.case(caseId));
    return accepted(reply, await this.commands.execute(new ExecuteAccountabilityCommand(ctx, { type: 'ApplyAccountability', ...dto, caseId })));
  }

  @Post(':caseId/revoke')
  @ApiOperation({ summary: 'Revoke a decision → AccountabilityRevoked' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async revoke(@EntityIdParam('caseId') caseId: string, @Body() dto: RevokeAccountabilityDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.case(caseId));
    return accepted(reply, await this.commands.execute(new ExecuteAccountabilityCommand(ctx, { type: 'RevokeAccountability', caseId, ...dto })));
  }
}
