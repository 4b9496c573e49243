import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { delegateCheckpoints, delegation, delegationTermsOf, delegatorsTouchedBy, type DelegationState } from '@duty-ledger/domain/duty/delegation';
import { dutyDecider, holderOn, type DutyCommand, type DutyContext, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { POSTS } from '@duty-ledger/domain/shared/vocabulary';
import { EVENT_STORE, type EventStore, type ExpectedRevision } from '@duty-ledger/event-store/event-store.port';
import { loadAggregate } from '../commands/aggregate-loader';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor, type GuardAppend } from '../commands/command-executor';
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

/** The delegation streams a command read, by delegating duty: each one's fold and the revision it was read at. */
type DelegationsRead = Map<string, { state: DelegationState; expectedRevision: ExpectedRevision }>;

/**
 * A change of holder or a close appends its term to the duty's own delegation stream, and, for a delegate, to its
 * parent's (`delegations-<dutyId>`, libs/domain/src/duty/delegation.ts), in the same append and at the revision read:
 * a parent's change and a delegate's are decided one after the other on every adapter.
 */
@CommandHandler(ExecuteDutyCommand)
export class DutyCommandHandler implements ICommandHandler<ExecuteDutyCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ ctx, command }: ExecuteDutyCommand): Promise<CommandResult> {
    const streamId = streams.duty(command.dutyId);
    // A duty's parent is fixed when it is assigned: read before the turns, so the command takes its parent's delegation's
    // too. Any fold of the stream names it, so a cached one serves (the executor then decides on the same cache entry).
    const before =
      command.type === 'ReassignDuty' || command.type === 'CloseDuty' ? (await loadAggregate(this.store, streamId, dutyDecider, { fromCache: true })).state : dutyDecider.initialState;
    let read: DelegationsRead = new Map();
    return this.executor.execute(ctx, {
      id: command.dutyId,
      streamId,
      create: command.type === 'AssignDuty',
      decider: dutyDecider,
      command,
      context: async (state) => {
        read = await this.delegations(command, state);
        return this.context(command, state, read);
      },
      guards: (events, state) => delegationTermsOf(events, state).map(({ delegatorId, events: terms }): GuardAppend => {
        const at = read.get(delegatorId);
        if (!at) throw new Error(`delegation of ${delegatorId} was not read before deciding`);
        return { streamId: streams.delegations(delegatorId), expectedRevision: at.expectedRevision, events: terms };
      }),
      turnsOn: delegatorsTouchedBy(command, before).map(streams.delegations),
    });
  }

  /** Reads the delegation streams the command appends to (a parent's with no stream yet, from a log written before, is empty). */
  private async delegations(command: DutyCommand, state: DutyState): Promise<DelegationsRead> {
    const read: DelegationsRead = new Map();
    for (const delegatorId of delegatorsTouchedBy(command, state)) {
      const { state: fold, revision } = await loadAggregate(this.store, streams.delegations(delegatorId), delegation);
      read.set(delegatorId, { state: fold, expectedRevision: revision < 0 ? 'no_stream' : revision });
    }
    return read;
  }

  /** Loads exactly what the decider will consult for this command. */
  private async context(command: DutyCommand, state: DutyState, read: DelegationsRead): Promise<DutyContext> {
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
        // The units of its delegates on the dates the parent's new holder must be above them.
        if (command.type === 'ReassignDuty' && state.exists)
          for (const delegate of delegateCheckpoints(read.get(state.dutyId)?.state ?? delegation.initialState, command.effectiveFrom, state.closedOn))
            await refs.unitsWithAncestors([delegate.holder.unitId], delegate.on);
        break;
      }
      case 'AcknowledgeDuty': {
        if (!state.exists) break;
        if (await refs.person(command.personId)) persons.add(command.personId);
        const holder = holderOn(state, command.acknowledgedOn);
        await refs.unit(holder.unitId);
        for (const post of holder.post ? [holder.post] : POSTS.values) await refs.post(holder.unitId, post);
        break;
      }
      case 'CloseDuty':
        // The current holder's unit: a close may fall on its dissolution date, not after it.
        if (state.exists) await refs.unit(state.holders[state.holders.length - 1].holder.unitId);
        break;
      case 'ReviseDuty':
        break;
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
    return {
      ...refs.unitContext(),
      duty: (id) => duties.get(id),
      delegation: (id) => read.get(id)?.state ?? delegation.initialState,
      post: refs.postsLoaded(),
      personExists: (id) => persons.has(id),
    };
  }
}
