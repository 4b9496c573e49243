import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ReadAuditTrail } from '@duty-ledger/application/closed-loop/finding.queries';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { ApiPageQueries, ApiReadQueries, INSTANT_SCHEMA, instant, limitOf, readRequest, type QueryParams } from '../reads/read-params';
import { languageOf, readerOf } from '../reads/reader';
import { ApiReadResponse } from '../reads/read-responses';

const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TYPE = /^[A-Z][A-Za-z]{0,63}$/;

/** 审计留痕 — the events touching a unit, person, duty, finding, case, meeting or report, oldest first. */
@ApiTags('audit-trail')
@ApiBearerAuth()
@Controller('v1/audit-trail')
@Roles(...ReadRoles)
export class AuditTrailController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiReadQueries()
  @ApiReadResponse('auditTrail')
  @ApiQuery({ name: 'subjectId', required: true, schema: { type: 'string', pattern: SUBJECT.source }, description: 'A unit, person, duty, finding, case, meeting, report or assessment id' })
  @ApiQuery({ name: 'type', required: false, schema: { type: 'string', pattern: TYPE.source }, description: 'An event type, e.g. FindingRaised' })
  @ApiQuery({ name: 'from', required: false, schema: INSTANT_SCHEMA, description: 'Record-time instant (inclusive)' })
  @ApiQuery({ name: 'to', required: false, schema: INSTANT_SCHEMA, description: 'Record-time instant (inclusive)' })
  @ApiPageQueries(100, 1000)
  @ApiHeader({ name: 'Accept-Language', required: false, schema: { type: 'string' }, description: 'zh-CN (or any zh) for summaries in Chinese; English otherwise' })
  @ApiOperation({ summary: 'DOMAIN §5.2: every event touching a subject, oldest first, with actor, record time, business date and a summary in the reader’s language' })
  async trail(@Query() q: QueryParams, @Req() request: FastifyRequest) {
    if (typeof q.subjectId !== 'string' || !SUBJECT.test(q.subjectId)) throw new BadRequestException('subjectId is required: one id');
    if (q.type !== undefined && (typeof q.type !== 'string' || !TYPE.test(q.type))) throw new BadRequestException('type must be an event type such as FindingRaised');
    if (q.cursor !== undefined && typeof q.cursor !== 'string') throw new BadRequestException('cursor must be one string');
    const query = {
      subjectId: q.subjectId,
      type: q.type as string | undefined,
      from: instant('from', q.from),
      to: instant('to', q.to),
      limit: limitOf(q, 100, 1000),
      cursor: q.cursor as string | undefined,
    };
    return this.queries.execute(new ReadAuditTrail(query, readRequest(q), languageOf(request), readerOf(request)));
  }
}
