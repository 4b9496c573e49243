import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { findingDecider, type FindingCommand } from '@duty-ledger/domain/finding/finding.decider';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

export class ExecuteFindingCommand extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: FindingCommand,
  ) {
    super();
  }
}

/** 问题 and 整改 — raise, plan, complete, follow up (回头看), close. */
@CommandHandler(ExecuteFindingCommand)
export class FindingCommandHandler implements ICommandHandler<ExecuteFindingCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: ExecuteFindingCommand): Promise<CommandResult> {
    return this.executor.execute(ctx, {
      id: command.findingId,
      streamId: streams.finding(command.findingId),
      create: command.type === 'RaiseFinding',
      decider: findingDecider,
      command,
      context: () =>
        new ReferencedAggregates(this.store).contextFor(
          command.type === 'RaiseFinding'
            ? { units: [command.raisedByUnitId, command.subjectUnitId], persons: [command.subjectPersonId], duties: command.dutyIds }
            : command.type === 'PlanRectification'
              ? { persons: [command.responsiblePersonId] }
              : {},
        ),
    });
  }
}
