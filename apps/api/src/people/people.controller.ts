import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@duty-ledger/application/commands/command-context';
import { ChangePostIncumbency, RegisterPerson } from '@duty-ledger/application/people/person.commands';
import { streams } from '@duty-ledger/application/streams';
import { CommandCtx } from '../commands/command-context.decorator';
import { accepted, CommandAccepted, targets } from '../commands/command-response';
import { EntityIdParam } from '../commands/entity-id.param';
import { CommandRoles, Roles } from '../platform/auth/roles';
import { PostTenureDto, RegisterPersonDto } from './people.dto';

@ApiTags('people')
@ApiBearerAuth()
@Controller('v1/people')
@Roles(...CommandRoles)
export class PeopleCommandController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Register a person → PersonRegistered' })
  @ApiCreatedResponse({ type: CommandAccepted })
  async register(@Body() dto: RegisterPersonDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const personId = dto.personId ?? randomUUID();
    targets(reply, streams.person(personId));
    const result = await this.commands.execute(new RegisterPerson(ctx, { type: 'RegisterPerson', personId, name: dto.name }));
    return accepted(reply, result);
  }

  @Post(':personId/appoint')
  @ApiOperation({ summary: "Appoint a person to a post → PersonAppointed in the person's stream (`If-Match`: the person's ETag); the post's stream `post-<unitId>-<post>` takes its term in the same append" })
  @ApiCreatedResponse({ type: CommandAccepted })
  async appoint(@EntityIdParam('personId') personId: string, @Body() dto: PostTenureDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.person(personId));
    return accepted(reply, await this.commands.execute(new ChangePostIncumbency(ctx, { type: 'AppointPerson', personId, ...dto })));
  }

  @Post(':personId/relieve')
  @ApiOperation({ summary: "Relieve a person of a post → PersonRelieved in the person's stream; the post's stream takes the end of the term in the same append" })
  @ApiCreatedResponse({ type: CommandAccepted })
  async relieve(@EntityIdParam('personId') personId: string, @Body() dto: PostTenureDto, @CommandCtx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    targets(reply, streams.person(personId));
    return accepted(reply, await this.commands.execute(new ChangePostIncumbency(ctx, { type: 'RelievePerson', personId, ...dto })));
  }
}
