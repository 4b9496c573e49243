import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ExecuteAccountabilityCommand } from '@duty-ledger/application/accountability/accountability.commands';
import { RecordAssessment } from '@duty-ledger/application/assessments/assessment.commands';
import type { CommandContext, CommandResult } from '@duty-ledger/application/commands/command-context';
import { ExecuteDutyCommand } from '@duty-ledger/application/duties/duty.commands';
import { ExecuteFindingCommand } from '@duty-ledger/application/findings/finding.commands';
import { HoldMeeting } from '@duty-ledger/application/meetings/meeting.commands';
import { ChangePostIncumbency, RegisterPerson } from '@duty-ledger/application/people/person.commands';
import { SubmitReport } from '@duty-ledger/application/reports/report.commands';
import { ExecuteUnitCommand } from '@duty-ledger/application/units/unit.commands';
import type { SeedCommand } from './university';

/** The application command that carries each domain command through the same handlers as the HTTP routes. */
function envelope(ctx: CommandContext, command: SeedCommand) {
  switch (command.type) {
    case 'RegisterUnit':
    case 'RenameUnit':
    case 'MoveUnit':
    case 'DissolveUnit':
      return new ExecuteUnitCommand(ctx, command);
    case 'RegisterPerson':
      return new RegisterPerson(ctx, command);
    case 'AppointPerson':
    case 'RelievePerson':
      return new ChangePostIncumbency(ctx, command);
    case 'AssignDuty':
    case 'ReassignDuty':
    case 'ReviseDuty':
    case 'CloseDuty':
    case 'AcknowledgeDuty':
      return new ExecuteDutyCommand(ctx, command);
    case 'HoldMeeting':
      return new HoldMeeting(ctx, command);
    case 'SubmitReport':
      return new SubmitReport(ctx, command);
    case 'RaiseFinding':
    case 'PlanRectification':
    case 'CompleteRectification':
    case 'ReviewFollowUp':
    case 'CloseFinding':
      return new ExecuteFindingCommand(ctx, command);
    case 'ApplyAccountability':
    case 'RevokeAccountability':
      return new ExecuteAccountabilityCommand(ctx, command);
    case 'RecordAssessment':
      return new RecordAssessment(ctx, command);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/**
 * Runs every command through the application's CommandBus as the `seed` principal. Idempotent: each command carries an
 * idempotency key derived from its index, so seeding twice writes nothing the second time. A key an earlier version of
 * the demo used for a command worded otherwise (`idempotency-key-reused`) means that command is there already, as that
 * version wrote it: kept, not written again.
 */
export async function seed(
  app: NestFastifyApplication,
  commands: readonly SeedCommand[],
  onEach?: (done: number) => void,
): Promise<{ written: number; replayed: number; keptFromEarlier: number; lastPosition: number }> {
  const bus = app.get(CommandBus);
  let written = 0;
  let replayed = 0;
  let keptFromEarlier = 0;
  let lastPosition = -1;
  for (const [i, command] of commands.entries()) {
    const ctx: CommandContext = {
      actor: { name: 'seed', role: 'admin' },
      correlationId: `seed-${i}`,
      idempotency: { key: `seed-university-${i}`, caller: 'cli-seed', route: `seed ${command.type}`, body: command },
    };
    const result = (await bus.execute(envelope(ctx, command)).catch((error: unknown) => {
      if ((error as { rule?: unknown } | null)?.rule === 'idempotency-key-reused') return undefined;
      throw error;
    })) as CommandResult | undefined;
    if (!result) keptFromEarlier++;
    else if (result.replayed) replayed++;
    else written++;
    if (result) lastPosition = Math.max(lastPosition, result.position);
    onEach?.(i + 1);
  }
  return { written, replayed, keptFromEarlier, lastPosition };
}
