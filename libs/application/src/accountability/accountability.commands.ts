import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountabilityDecider, type AccountabilityCommand } from '@duty-ledger/domain/accountability/accountability.decider';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

export class ExecuteAccountabilityCommand extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: AccountabilityCommand,
  ) {
    super();
  }
}

/** 问责 — apply one of the four forms to a person or a unit, or revoke it. */
@CommandHandler(ExecuteAccountabilityCommand)
export class AccountabilityCommandHandler implements ICommandHandler<ExecuteAccountabilityCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: ExecuteAccountabilityCommand): Promise<CommandResult> {
    return this.executor.execute(ctx, {
      id: command.caseId,
      streamId: streams.case(command.caseId),
      create: command.type === 'ApplyAccountability',
      decider: accountabilityDecider,
      command,
      context: () =>
        new ReferencedAggregates(this.store).contextFor(
          command.type === 'ApplyAccountability'
            ? {
                units: [command.subjectUnitId, command.decidedByUnitId],
                persons: [command.subjectPersonId],
                duties: command.dutyIds,
                findings: command.findingIds,
              }
            : {},
        ),
    });
  }
}
