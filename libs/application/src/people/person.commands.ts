import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { personDecider, type PersonCommand } from '@duty-ledger/domain/person/person.decider';
import { postDecider, type PostCommand } from '@duty-ledger/domain/post/post.decider';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import { CommandExecutor } from '../commands/command-executor';
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

/** Appoint or relieve: written to the post's own stream, whose revision guards its incumbency. */
export class ChangePostIncumbency extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: PostCommand,
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
    return this.executor.execute(ctx, {
      id: command.personId,
      streamId: streams.post(command.unitId, command.post),
      create: false,
      decider: postDecider,
      command,
      context: async () => {
        const refs = new ReferencedAggregates(this.store);
        return { personExists: (await refs.person(command.personId)) !== undefined, unit: await refs.unit(command.unitId) };
      },
    });
  }
}
