import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { unitDecider, type UnitCommand } from '@duty-ledger/domain/unit/unit.decider';
import { Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

/** Register, rename, move, dissolve a unit (one command type carries all four: they share their plan). */
export class ExecuteUnitCommand extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: UnitCommand,
  ) {
    super();
  }
}

@CommandHandler(ExecuteUnitCommand)
export class UnitCommandHandler implements ICommandHandler<ExecuteUnitCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: ExecuteUnitCommand): Promise<CommandResult> {
    return this.executor.execute(ctx, {
      id: command.unitId,
      streamId: streams.unit(command.unitId),
      create: command.type === 'RegisterUnit',
      decider: unitDecider,
      command,
      context: async () => {
        const refs = new ReferencedAggregates(this.store);
        if (command.type === 'RegisterUnit' && command.parentUnitId !== undefined) await refs.unitsWithAncestors([command.parentUnitId], command.effectiveFrom);
        // A move's cycle check walks the tree on each day the move is in force: every unit above the new parent on any of them.
        if (command.type === 'MoveUnit') await refs.unitsWithParentsFrom([command.parentUnitId], command.effectiveFrom);
        return refs.unitContext();
      },
    });
  }
}
