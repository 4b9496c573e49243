import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadFigures } from '@duty-ledger/application/closed-loop/closed-loop.queries';
import { ReadCompliance } from '@duty-ledger/application/closed-loop/finding.queries';
import { ReadResponsibilityChain, ReadUnit } from '@duty-ledger/application/units/unit.queries';
import { EntityIdParam } from '../commands/entity-id.param';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { YearParam } from '../reads/year.param';
import { calendarDate, readRequest, ApiReadQueries, type QueryParams } from '../reads/read-params';
import { ApiReadResponse } from '../reads/read-responses';

@ApiTags('units')
@ApiBearerAuth()
@Controller('v1/units')
@Roles(...ReadRoles)
export class UnitsReadController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':unitId')
  @ApiReadQueries()
  @ApiReadResponse('unit')
  @ApiOperation({ summary: 'The unit (name, kind, parent, status) at `at`, as recorded at `asOf`' })
  async unit(@EntityIdParam('unitId') unitId: string, @Query() q: QueryParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const { view, revision, meta } = await this.queries.execute(new ReadUnit(unitId, readRequest(q), calendarDate('at', q.at)));
    reply.header('ETag', `"${revision}"`);
    return { ...view, revision, meta };
  }

  @Get(':unitId/chain')
  @ApiReadQueries()
  @ApiReadResponse('chain')
  @ApiOperation({ summary: 'The responsibility chain (DOMAIN §5.1) at `at`: own duties with ancestors and delegates, and the duties that cover the unit' })
  async chain(@EntityIdParam('unitId') unitId: string, @Query() q: QueryParams) {
    const { view, meta } = await this.queries.execute(new ReadResponsibilityChain(unitId, readRequest(q), calendarDate('at', q.at)));
    return { ...view, meta };
  }

  @Get(':unitId/figures/:year')
  @ApiReadQueries()
  @ApiReadResponse('figures')
  @ApiOperation({ summary: 'The figures a committee reports upward (请示报告) for the unit and its subtree: accountability by form and role, rectification, meetings, reports, assessments' })
  async figures(@EntityIdParam('unitId') unitId: string, @YearParam('year') year: number, @Query() q: QueryParams) {
    const { view, meta } = await this.queries.execute(new ReadFigures(unitId, year, readRequest(q), calendarDate('at', q.at)));
    return { ...view, meta };
  }

  @Get(':unitId/compliance/:year')
  @ApiReadQueries()
  @ApiReadResponse('compliance')
  @ApiOperation({ summary: 'DOMAIN §5.4: the annual compliance of a unit — required meetings held, reports by kind, findings of the year by status at `at`' })
  async compliance(@EntityIdParam('unitId') unitId: string, @YearParam('year') year: number, @Query() q: QueryParams) {
    const { view, meta } = await this.queries.execute(new ReadCompliance(unitId, year, readRequest(q), calendarDate('at', q.at)));
    return { ...view, meta };
  }
}
