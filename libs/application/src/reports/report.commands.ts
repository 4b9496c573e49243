import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { reportDecider, type ReportCommand } from '@duty-ledger/domain/report/report.decider';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

export class SubmitReport extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: ReportCommand,
  ) {
    super();
  }
}

/** 报告 — the "three reports". */
@CommandHandler(SubmitReport)
export class SubmitReportHandler implements ICommandHandler<SubmitReport, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: SubmitReport): Promise<CommandResult> {
    return this.executor.execute(ctx, {
      id: command.reportId,
      streamId: streams.report(command.reportId),
      create: true,
      decider: reportDecider,
      command,
      context: () =>
        new ReferencedAggregates(this.store).contextFor({
          units: [command.authorUnitId, command.recipientUnitId],
          persons: [command.authorPersonId],
          duties: command.dutyIds,
        }),
    });
  }
}
