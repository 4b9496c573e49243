import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadPerson } from '@duty-ledger/application/people/person.queries';
import { EntityIdParam } from '../commands/entity-id.param';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { calendarDate, readRequest, ApiReadQueries, type QueryParams } from '../reads/read-params';
import { ApiReadResponse } from '../reads/read-responses';

@ApiTags('people')
@ApiBearerAuth()
@Controller('v1/people')
@Roles(...ReadRoles)
export class PeopleReadController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':personId')
  @ApiReadQueries()
  @ApiReadResponse('person')
  @ApiOperation({ summary: 'The person and their posts with periods' })
  async person(@EntityIdParam('personId') personId: string, @Query() q: QueryParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const { view, revision, meta } = await this.queries.execute(new ReadPerson(personId, readRequest(q), calendarDate('at', q.at)));
    reply.header('ETag', `"${revision}"`);
    return { ...view, revision, meta };
  }
}
