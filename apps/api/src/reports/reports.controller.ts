import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { SubmitReport } from '@duty-ledger/application/reports/report.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { CommandRoles, Roles } from '../platform/auth/roles';
import { SubmitReportDto } from './reports.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
@Roles(...CommandRoles)
export class ReportsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Submit a report (报告) → ReportSubmitted' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async submit(@Body() dto: SubmitReportDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const reportId = dto.reportId ?? randomUUID();
    targets(reply, streams.report(reportId));
    return accepted(reply, await this.commands.execute(new SubmitReport(ctx, { type: 'SubmitReport', ...dto, reportId })));
  }
}
