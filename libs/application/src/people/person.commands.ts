import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appointmentDecider, type AppointmentCommand } from '@duty-ledger/domain/person/appointment.decider';
import { personDecider, type PersonCommand } from '@duty-ledger/domain/person/person.decider';
import { postTermsOf } from '@duty-ledger/domain/post/post-incumbency';
import { EVENT_STORE, type EventStore, type ExpectedRevision } from '@duty-ledger/event-store/event-store.port';
import { loadAggregate } from '../commands/aggregate-loader';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
import { postFold } from '../commands/post-folds';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

export class RegisterPerson extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: PersonCommand,
  ) {
    super();
  }
}

/**
 * Appoint or relieve: the person's event, in their stream (so `If-Match` is the person's ETag), appended atomically
 * with the post's term event in `post-<unitId>-<post>` at the revision its incumbency was read at.
 */
export class ChangePostIncumbency extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: AppointmentCommand,
  ) {
    super();
  }
}

@CommandHandler(RegisterPerson)
export class RegisterPersonHandler implements ICommandHandler<RegisterPerson, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ ctx, command }: RegisterPerson): Promise<CommandResult> {
    return this.executor.execute(ctx, {
      id: command.personId,
      streamId: streams.person(command.personId),
      create: true,
      decider: personDecider,
      command,
      context: async () => undefined,
    });
  }
}

@CommandHandler(ChangePostIncumbency)
export class ChangePostIncumbencyHandler implements ICommandHandler<ChangePostIncumbency, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: ChangePostIncumbency): Promise<CommandResult> {
    const postStream = streams.post(command.unitId, command.post);
    let postRevision: ExpectedRevision = 'no_stream';
    return this.executor.execute(ctx, {
      id: command.personId,
      streamId: streams.person(command.personId),
      create: false,
      decider: appointmentDecider,
      command,
      context: async () => {
        const post = await loadAggregate(this.store, postStream, postFold(command.unitId, command.post));
        postRevision = post.revision < 0 ? 'no_stream' : post.revision;
        return { unit: await new ReferencedAggregates(this.store).unit(command.unitId), post: post.state };
      },
      guards: (events) => [{ streamId: postStream, expectedRevision: postRevision, events: postTermsOf(events) }],
      turnsOn: [postStream],
    });
  }
}
