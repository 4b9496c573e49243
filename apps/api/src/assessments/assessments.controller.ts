import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { RecordAssessment } from '@duty-ledger/application/assessments/assessment.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { CommandRoles, Roles } from '../platform/auth/roles';
import { RecordAssessmentDto } from './assessments.dto';

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('v1/assessments')
@Roles(...CommandRoles)
export class AssessmentsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Record the yearly assessment (考责) of a Party organisation or a cadre → AssessmentRecorded; one per subject and year unless it supersedes the first' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async record(@Body() dto: RecordAssessmentDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const assessmentId = dto.assessmentId ?? randomUUID();
    targets(reply, streams.assessment(assessmentId));
    return accepted(reply, await this.commands.execute(new RecordAssessment(ctx, { type: 'RecordAssessment', ...dto, assessmentId })));
  }
}
