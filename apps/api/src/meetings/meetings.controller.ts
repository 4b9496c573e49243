import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { HoldMeeting } from '@duty-ledger/application/meetings/meeting.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { CommandRoles, Roles } from '../platform/auth/roles';
import { HoldMeetingDto } from './meetings.dto';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('v1/meetings')
@Roles(...CommandRoles)
export class MeetingsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Record a meeting held (会议) → MeetingHeld; a committee holds each annual meeting once a year (409)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async hold(@Body() dto: HoldMeetingDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const meetingId = dto.meetingId ?? randomUUID();
    targets(reply, streams.meeting(meetingId));
    return accepted(reply, await this.commands.execute(new HoldMeeting(ctx, { type: 'HoldMeeting', ...dto, meetingId })));
  }
}
