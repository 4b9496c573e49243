import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandResult } from '@duty-ledger/application/commands/command-context';

class WrittenEvent {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
}

/** API.md: `201 { id, streamId, revision, position, events: [{ eventId, type }] }` with `ETag: "<revision>"`. */
export class CommandAccepted {
  @ApiProperty() id!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The stream’s revision after the command, counting from 0; also the ETag.' }) revision!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: "The event log's global position of the last event written." }) position!: number;
  @ApiProperty({ type: [WrittenEvent] }) events!: WrittenEvent[];
}

/**
 * Names on the command's log line the stream it targets, before it runs: a refusal (404, 409, 422) is logged with its
 * stream too, which is where an operator looks first. Only the stream: nothing of the body is logged.
 */
export function targets(reply: FastifyReply, streamId: string): void {
  const logged = reply.request.raw.command;
  if (logged) logged.streamId = streamId;
}

/** 201 for a new write; 200 for an idempotent repeat that wrote nothing. */
export function accepted(reply: FastifyReply, result: CommandResult): CommandAccepted {
  reply.status(result.replayed ? 200 : 201).header('ETag', `"${result.revision}"`);
  const logged = reply.request.raw.command;
  if (logged) Object.assign(logged, { streamId: result.streamId, revision: result.revision, position: result.position });
  return { id: result.id, streamId: result.streamId, revision: result.revision, position: result.position, events: result.events };
}
