import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { moveRecordOf, unitDecider, type UnitCommand } from '@duty-ledger/domain/unit/unit.decider';
import { Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type ExpectedRevision } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { readGuard } from '../commands/guard-stream';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

/**
 * Every move of the tree appends to this guard at the revision it was read at, before the units the move's cycle check
 * walks: two moves that would each be allowed alone but make a cycle together (A under B, B under A) are decided one
 * after the other, in this process by taking turns on it, across processes by the second's append being refused and
 * decided again on a fresh read.
 */
export const UNIT_MOVES = streams.unitMoves();

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
    const moving = command.type === 'MoveUnit';
    let movesRevision: ExpectedRevision = 'no_stream';
    return this.executor.execute(ctx, {
      id: command.unitId,
      streamId: streams.unit(command.unitId),
      create: command.type === 'RegisterUnit',
      decider: unitDecider,
      command,
      context: async () => {
        const refs = new ReferencedAggregates(this.store);
        if (command.type === 'RegisterUnit' && command.parentUnitId !== undefined) await refs.unitsWithAncestors([command.parentUnitId], command.effectiveFrom);
        if (moving) {
          // The moves' guard is read before the units it checks: a move written after this read moves the guard too.
          const { revision } = await readGuard(this.store, UNIT_MOVES);
          movesRevision = revision < 0 ? 'no_stream' : revision;
          // A move's cycle check walks the tree on each day the move is in force: every unit above the new parent on any of them.
          await refs.unitsWithParentsFrom([command.parentUnitId], command.effectiveFrom);
        }
        return refs.unitContext();
      },
      guards: (events) => (moving ? [{ streamId: UNIT_MOVES, expectedRevision: movesRevision, events: events.flatMap(moveRecordOf) }] : []),
      turnsOn: moving ? [UNIT_MOVES] : [],
    });
  }
}
