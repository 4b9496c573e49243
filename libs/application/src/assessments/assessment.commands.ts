import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assessmentDecider, assessmentGuardKey, type AssessmentCommand } from '@duty-ledger/domain/assessment/assessment.decider';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { CommandContext, CommandResult } from '../commands/command-context';
import type { ExpectedRevision } from '@duty-ledger/event-store/event-store.port';
import { CommandExecutor } from '../commands/command-executor';
import { readGuard } from '../commands/guard-stream';
import { ReferencedAggregates } from '../commands/referenced-aggregates';
import { streams } from '../streams';

export class RecordAssessment extends Command<CommandResult> {
  constructor(
    readonly ctx: CommandContext,
    readonly command: AssessmentCommand,
  ) {
    super();
  }
}

/**
 * 考责 — one assessment per subject and year: a versioned guard `guard-assessment-<subject>-<year>` holds the one in
 * force; a superseding assessment appends to it at the revision it read.
 */
@CommandHandler(RecordAssessment)
export class RecordAssessmentHandler implements ICommandHandler<RecordAssessment, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ ctx, command }: RecordAssessment): Promise<CommandResult> {
    const guardStream = streams.guard('assessment', assessmentGuardKey(command));
    let guardRevision: ExpectedRevision = 'no_stream';
    return this.executor.execute(ctx, {
      id: command.assessmentId,
      streamId: streams.assessment(command.assessmentId),
      create: true,
      decider: assessmentDecider,
      command,
      context: async () => {
        const refs = new ReferencedAggregates(this.store);
        const context = await refs.contextFor({
          units: [command.subjectUnitId, command.assessedByUnitId],
          persons: [command.subjectPersonId],
          duties: command.dutyIds,
          findings: command.findingIds,
        });
        const guard = await readGuard(this.store, guardStream);
        guardRevision = guard.revision < 0 ? 'no_stream' : guard.revision;
        const superseded = command.supersedes === undefined ? undefined : await refs.assessment(command.supersedes);
        return { ...context, existingAssessmentId: guard.last?.assessmentId as string | undefined, assessment: (id: string) => (id === superseded?.assessmentId ? superseded : undefined) };
      },
      guards: (events) => [
        { streamId: guardStream, expectedRevision: guardRevision, events: [{ type: 'AssessmentInForce', data: { assessmentId: events[0].data.assessmentId } }] },
      ],
    });
  }
}
