import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { childrenStreamTouchedBy, childTermsOf, unitChildren, type UnitChildrenState } from '@duty-ledger/domain/unit/unit-children';
import { moveRecordOf, unitDecider, type UnitCommand, type UnitTreeContext } from '@duty-ledger/domain/unit/unit.decider';
import { Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type ExpectedRevision } from '@duty-ledger/event-store/event-store.port';
import { loadAggregate } from '../commands/aggregate-loader';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor, type GuardAppend } from '../commands/command-executor';
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

/**
 * A registration under a parent, a move into it and its dissolution append their terms to the parent's children stream
 * (`guard-unit-children-<unitId>`, libs/domain/src/unit/unit-children.ts) at the revision read, which is read before the
 * units it stands for: no unit is left active under a dissolved one, whichever of the two is decided first.
 */
@CommandHandler(ExecuteUnitCommand)
export class UnitCommandHandler implements ICommandHandler<ExecuteUnitCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: ExecuteUnitCommand): Promise<CommandResult> {
    const moving = command.type === 'MoveUnit';
    const parentId = childrenStreamTouchedBy(command);
    let movesRevision: ExpectedRevision = 'no_stream';
    let children: { state: UnitChildrenState; expectedRevision: ExpectedRevision } | undefined;
    return this.executor.execute(ctx, {
      id: command.unitId,
      streamId: streams.unit(command.unitId),
      create: command.type === 'RegisterUnit',
      decider: unitDecider,
      command,
      context: async (): Promise<UnitTreeContext> => {
        const refs = new ReferencedAggregates(this.store);
        // The guards are read before the units they check: a command written after these reads moves a guard too.
        if (moving) {
          const { revision } = await readGuard(this.store, UNIT_MOVES);
          movesRevision = revision < 0 ? 'no_stream' : revision;
        }
        if (parentId !== undefined) {
          const { state, revision } = await loadAggregate(this.store, streams.unitChildren(parentId), unitChildren);
          children = { state, expectedRevision: revision < 0 ? 'no_stream' : revision };
        }
        if (command.type === 'RegisterUnit' && command.parentUnitId !== undefined) await refs.unitsWithAncestors([command.parentUnitId], command.effectiveFrom);
        // A move's cycle check walks the tree on each day the move is in force: every unit above the new parent on any of them.
        if (moving) await refs.unitsWithParentsFrom([command.parentUnitId], command.effectiveFrom);
        // A dissolution sees whether each unit ever put under it is still there on or after its date.
        const listed = children?.state.children ?? [];
        if (command.type === 'DissolveUnit') for (const childId of listed) await refs.unit(childId);
        return { ...refs.unitContext(), childrenOf: (unitId) => (unitId === parentId ? listed : []) };
      },
      guards: (events) => {
        const out: GuardAppend[] = [];
        if (moving) out.push({ streamId: UNIT_MOVES, expectedRevision: movesRevision, events: events.flatMap(moveRecordOf) });
        const terms = childTermsOf(events);
        if (parentId !== undefined && terms.length > 0) {
          if (!children) throw new Error(`children of ${parentId} were not read before deciding`);
          out.push({ streamId: streams.unitChildren(parentId), expectedRevision: children.expectedRevision, events: terms });
        }
        return out;
      },
      turnsOn: [...(moving ? [UNIT_MOVES] : []), ...(parentId === undefined ? [] : [streams.unitChildren(parentId)])],
    });
  }
}
