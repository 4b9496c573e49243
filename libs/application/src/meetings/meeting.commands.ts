import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { annualMeetingGuardKey, meetingDecider, type MeetingCommand } from '@duty-ledger/domain/meeting/meeting.decider';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { readGuard } from '../commands/guard-stream';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

export class HoldMeeting extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: MeetingCommand,
  ) {
    super();
  }
}

/** 会议 — the committee's three annual meetings are claimed once a year in `guard-annual-meeting-<unit>-<kind>-<year>`. */
@CommandHandler(HoldMeeting)
export class HoldMeetingHandler implements ICommandHandler<HoldMeeting, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: HoldMeeting): Promise<CommandResult> {
    const key = annualMeetingGuardKey(command);
    const guardStream = key === undefined ? undefined : streams.guard('annual-meeting', key);
    return this.executor.execute(ctx, {
      id: command.meetingId,
      streamId: streams.meeting(command.meetingId),
      create: true,
      decider: meetingDecider,
      command,
      context: async () => {
        const refs = new ReferencedAggregates(this.store);
        const context = await refs.contextFor({
          units: [command.unitId],
          persons: [command.chairPersonId, ...command.attendeePersonIds],
          duties: command.dutyIds,
          postsOf: command.chairPersonId === undefined ? [] : [command.unitId],
        });
        const annualMeetingHeld = guardStream !== undefined && (await readGuard(this.store, guardStream)).revision >= 0;
        return { ...context, annualMeetingHeld };
      },
      guards: (events) =>
        guardStream === undefined ? [] : [{ streamId: guardStream, expectedRevision: 'no_stream', events: [{ type: 'AnnualMeetingClaimed', data: { meetingId: events[0].data.meetingId } }] }],
    });
  }
}
