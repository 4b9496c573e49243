import { applyDecorators, BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ReadPointResolver } from '@duty-ledger/application/reads/read-point';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { principalOf } from '../platform/auth/principal';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { eventView } from '../reads/event-view';
import { ApiReadQueries, limitOf, readRequest, type QueryParams, WHOLE_NUMBER_SCHEMA, wholeNumber } from '../reads/read-params';
import { logThrough } from './log-through';
import { ApiReadResponse } from '../reads/read-responses';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/;

/** A feed's page (API.md "Reads"): `fromPosition` inclusive, `limit` default 100, at most 1000. */
function pageOf(query: QueryParams) {
  return { fromPosition: wholeNumber('fromPosition', query.fromPosition) ?? 0, limit: limitOf(query, 100, 1000) };
}

const ApiFeedQueries = () =>
  applyDecorators(
    ApiQuery({ name: 'fromPosition', required: false, schema: { ...WHOLE_NUMBER_SCHEMA, default: 0 }, description: 'Inclusive; the `next` of the previous page.' }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }),
  );

/**
 * The raw log, in order, for integrators' feeds and for reading one stream: as recorded at the read point (the log's
 * head by default), paged by position, `next` the following page's `fromPosition` (`null` once the point is reached).
 */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1')
@Roles(...ReadRoles)
export class EventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readPoint: ReadPointResolver,
  ) {}

  @Get('events')
  @ApiReadQueries()
  @ApiReadResponse('events')
  @ApiOperation({ summary: 'The raw log in order (integrators’ feed), with metadata, as recorded at `asOf`/`asOfPosition`; `fromPosition` inclusive, `next` is the following page’s fromPosition' })
  @ApiFeedQueries()
  async feed(@Query() query: QueryParams, @Req() request: FastifyRequest) {
    const { fromPosition, limit } = pageOf(query);
    const point = await this.readPoint.resolve(readRequest(query), 'log-head');
    const page = await logThrough(this.store, point.position).readAll({ fromPosition, limit: limit + 1 });
    return {
      events: page.slice(0, limit).map((e) => eventView(e, principalOf(request))),
      next: page.length > limit ? page[limit].position : null,
      meta: point.meta,
    };
  }

  @Get('streams/:streamId')
  @ApiReadQueries()
  @ApiReadResponse('stream')
  @ApiOperation({ summary: "One stream's events, as recorded at `asOf`/`asOfPosition`; `revision` is the stream's then; `fromPosition` inclusive, `next` is the following page's fromPosition" })
  @ApiFeedQueries()
  @ApiParam({ name: 'streamId', schema: { type: 'string', pattern: STREAM_ID.source } })
  async stream(@Param('streamId') streamId: string, @Query() query: QueryParams, @Req() request: FastifyRequest) {
    if (!STREAM_ID.test(streamId)) throw new BadRequestException(`streamId must match ${STREAM_ID.source}`);
    const { fromPosition, limit } = pageOf(query);
    const point = await this.readPoint.resolve(readRequest(query), 'log-head');
    const last = point.position < 0 ? null : await this.store.readLastEvent(streamId, { toPosition: point.position });
    if (!last) throw new NotFoundException(`stream ${streamId} does not exist${query.asOf !== undefined || query.asOfPosition !== undefined ? ' at that point' : ''}`);
    const page = await this.store.readStream(streamId, { fromPosition, toPosition: point.position, limit: limit + 1 });
    return {
      streamId,
      revision: last.revision,
      events: page.slice(0, limit).map((e) => eventView(e, principalOf(request))),
      next: page.length > limit ? page[limit].position : null,
      meta: point.meta,
    };
  }
}
