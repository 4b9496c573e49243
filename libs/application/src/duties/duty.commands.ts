import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { dutyDecider, holderOn, type DutyCommand, type DutyContext, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { POSTS } from '@duty-ledger/domain/shared/vocabulary';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

export class ExecuteDutyCommand extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: DutyCommand,
  ) {
    super();
  }
}

@CommandHandler(ExecuteDutyCommand)
export class DutyCommandHandler implements ICommandHandler<ExecuteDutyCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: ExecuteDutyCommand): Promise<CommandResult> {
    return this.executor.execute(ctx, {
      id: command.dutyId,
      streamId: streams.duty(command.dutyId),
      create: command.type === 'AssignDuty',
      decider: dutyDecider,
      command,
      context: (state) => this.context(command, state),
    });
  }

  /** Loads exactly what the decider will consult for this command. */
  private async context(command: DutyCommand, state: DutyState): Promise<DutyContext> {
    const refs = new ReferencedAggregates(this.store);
    const duties = new Map<string, DutyState>();
    const persons = new Set<string>();
    switch (command.type) {
      case 'AssignDuty':
      case 'ReassignDuty': {
        const terms = command.type === 'AssignDuty' ? command : { ...state, holder: command.holder, effectiveFrom: command.effectiveFrom };
        await refs.unitsWithAncestors([terms.holder.unitId, ...terms.scopeUnitIds], terms.effectiveFrom);
        const parentId = command.type === 'AssignDuty' ? command.parentDutyId : state.parentDutyId;
        const parent = parentId === undefined ? undefined : await refs.duty(parentId);
        if (parent) duties.set(parent.dutyId, parent);
        break;
      }
      case 'AcknowledgeDuty': {
        if (!state.exists) break;
        if (await refs.person(command.personId)) persons.add(command.personId);
        const holder = holderOn(state, command.acknowledgedOn);
        for (const post of holder.post ? [holder.post] : POSTS.values) await refs.post(holder.unitId, post);
        break;
      }
      case 'ReviseDuty':
      case 'CloseDuty':
        break;
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
    return { ...refs.unitContext(), duty: (id) => duties.get(id), post: refs.postsLoaded(), personExists: (id) => persons.has(id) };
  }
}
