import { BadRequestException, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListFindings, ReadAccountabilityTrail, ReadFinding } from '@duty-ledger/application/closed-loop/finding.queries';
import { DUTY_AREAS, FINDING_SOURCES, FINDING_STATUSES, type FindingStatus } from '@duty-ledger/domain/shared/vocabulary';
import { EntityIdParam } from '../commands/entity-id.param';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { ApiPageQueries, ApiReadQueries, calendarDate, limitOf, oneOf, readRequest, type QueryParams } from '../reads/read-params';
import { readerOf } from '../reads/reader';
import { ApiReadResponse } from '../reads/read-responses';


@ApiTags('findings')
@ApiBearerAuth()
@Controller('v1/findings')
@Roles(...ReadRoles)
export class FindingsReadController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiReadQueries()
  @ApiReadResponse('findings')
  @ApiQuery({ name: 'subjectUnitId', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'status', required: false, enum: FINDING_STATUSES.values })
  @ApiQuery({ name: 'area', required: false, enum: DUTY_AREAS.values })
  @ApiQuery({ name: 'source', required: false, enum: FINDING_SOURCES.values })
  @ApiPageQueries(100, 500)
  @ApiOperation({ summary: 'Findings, filtered; status judged at `at`; paged' })
  async list(@Query() q: QueryParams) {
    for (const name of ['subjectUnitId', 'cursor']) if (q[name] !== undefined && typeof q[name] !== 'string') throw new BadRequestException(`${name} must be one string`);
    const filters = {
      subjectUnitId: q.subjectUnitId as string | undefined,
      status: oneOf<FindingStatus>('status', q.status, FINDING_STATUSES.values),
      area: oneOf('area', q.area, DUTY_AREAS.values),
      source: oneOf('source', q.source, FINDING_SOURCES.values),
    };
    return this.queries.execute(new ListFindings(filters, { limit: limitOf(q, 100, 500), cursor: q.cursor as string | undefined }, readRequest(q), calendarDate('at', q.at)));
  }

  @Get(':findingId')
  @ApiReadQueries()
  @ApiReadResponse('finding')
  @ApiOperation({ summary: 'The finding with its rectification timeline and status at `at`; 404 before it occurred' })
  async finding(@EntityIdParam('findingId') findingId: string, @Query() q: QueryParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const { view, revision, meta } = await this.queries.execute(new ReadFinding(findingId, readRequest(q), calendarDate('at', q.at)));
    reply.header('ETag', `"${revision}"`);
    return { ...view, revision, meta };
  }

  @Get(':findingId/accountability-trail')
  @ApiReadQueries()
  @ApiReadResponse('accountabilityTrail')
  @ApiOperation({ summary: 'DOMAIN §5.3: the finding, the chain over its subject on the day it occurred, the decisions, and the "one case, two investigations" coverage; rationales in plain only for discipline and admin' })
  async trail(@EntityIdParam('findingId') findingId: string, @Query() q: QueryParams, @Req() request: FastifyRequest) {
    const { view, meta } = await this.queries.execute(new ReadAccountabilityTrail(findingId, readRequest(q), readerOf(request), calendarDate('at', q.at)));
    return { ...view, meta };
  }
}
