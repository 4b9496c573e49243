import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadDutyLoop } from '@duty-ledger/application/closed-loop/closed-loop.queries';
import { ListDuties, ReadDuty } from '@duty-ledger/application/duties/duty.queries';
import { DUTY_AREAS, RESPONSIBILITY_KINDS, type DutyArea, type ResponsibilityKind } from '@duty-ledger/domain/shared/vocabulary';
import { EntityIdParam } from '../commands/entity-id.param';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { parseYear, YEAR_SCHEMA } from '../reads/year.param';
import { ApiPageQueries, ApiReadQueries, calendarDate, limitOf, oneOf, readRequest, type QueryParams } from '../reads/read-params';
import { ApiReadResponse } from '../reads/read-responses';

const STATUSES = ['open', 'closed', 'pending'] as const;


@ApiTags('duties')
@ApiBearerAuth()
@Controller('v1/duties')
@Roles(...ReadRoles)
export class DutiesReadController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiReadQueries()
  @ApiReadResponse('duties')
  @ApiOperation({ summary: 'Duties, filtered; status and holder judged at `at`; paged (`limit` ≤ 500, `cursor`)' })
  @ApiQuery({ name: 'holderUnitId', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'kind', required: false, enum: RESPONSIBILITY_KINDS.values })
  @ApiQuery({ name: 'area', required: false, enum: DUTY_AREAS.values })
  @ApiQuery({ name: 'year', required: false, schema: YEAR_SCHEMA })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiPageQueries(100, 500)
  async list(@Query() q: QueryParams) {
    if (q.holderUnitId !== undefined && typeof q.holderUnitId !== 'string') throw new BadRequestException('holderUnitId must be one id');
    if (q.cursor !== undefined && typeof q.cursor !== 'string') throw new BadRequestException('cursor must be one string');
    const filters = {
      holderUnitId: q.holderUnitId as string | undefined,
      kind: oneOf<ResponsibilityKind>('kind', q.kind, RESPONSIBILITY_KINDS.values),
      area: oneOf<DutyArea>('area', q.area, DUTY_AREAS.values),
      year: parseYear('year', q.year),
      status: oneOf('status', q.status, STATUSES),
    };
    return this.queries.execute(new ListDuties(filters, { limit: limitOf(q, 100, 500), cursor: q.cursor as string | undefined }, readRequest(q), calendarDate('at', q.at)));
  }

  @Get(':dutyId')
  @ApiReadQueries()
  @ApiReadResponse('duty')
  @ApiOperation({ summary: 'The duty with its holder history and status at `at`' })
  async duty(@EntityIdParam('dutyId') dutyId: string, @Query() q: QueryParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const { view, revision, meta } = await this.queries.execute(new ReadDuty(dutyId, readRequest(q), calendarDate('at', q.at)));
    reply.header('ETag', `"${revision}"`);
    return { ...view, revision, meta };
  }

  @Get(':dutyId/loop')
  @ApiReadQueries()
  @ApiReadResponse('loop')
  @ApiQuery({ name: 'year', required: false, schema: YEAR_SCHEMA, description: "Default: the duty's year." })
  @ApiOperation({ summary: 'The closed loop of a duty for a year (知责→明责→履责→督责→考责→问责): each step done or not, with dates and references, and the first missing step' })
  async loop(@EntityIdParam('dutyId') dutyId: string, @Query() q: QueryParams) {
    const { view, meta } = await this.queries.execute(new ReadDutyLoop(dutyId, readRequest(q), parseYear('year', q.year), calendarDate('at', q.at)));
    return { ...view, meta };
  }
}
