import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PROJECTION_PROGRESS, type ProjectionProgress } from '@duty-ledger/application/reads/projection-progress';
import { ReadPointResolver } from '@duty-ledger/application/reads/read-point';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { principalOf } from '../platform/auth/principal';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { eventView } from '../reads/event-view';
import { limitOf, readRequest, ApiReadQueries, type QueryParams, wholeNumber } from '../reads/read-params';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/;

/** The raw log, in order, for integrators' feeds and for reading one stream. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1')
@Roles(...ReadRoles)
export class EventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readPoint: ReadPointResolver,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
  ) {}

  @Get('events')
  @ApiReadQueries()
  @ApiOperation({ summary: 'The raw log in order (integrators’ feed), with metadata; `fromPosition` inclusive, `next` is the following page’s fromPosition' })
  @ApiQuery({ name: 'fromPosition', required: false })
  @ApiQuery({ name: 'limit', required: false, description: 'default 100, at most 1000' })
  async feed(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest) {
    const fromPosition = wholeNumber('fromPosition', query.fromPosition) ?? 0;
    const limit = limitOf(query, 100, 1000);
    const page = await this.store.readAll({ fromPosition, limit: limit + 1 });
    const events = page.slice(0, limit);
    const head = await this.store.headPosition();
    return {
      events: events.map((e) => eventView(e, principalOf(request))),
      next: page.length > limit ? page[limit].position : null,
      meta: { asOfPosition: head, asOfRecordedAt: head === null ? null : ((await this.store.readAt(head))?.recordedAt ?? null), projectedPosition: await this.progress.projectedPosition() },
    };
  }

  @Get('streams/:streamId')
  @ApiReadQueries()
  @ApiOperation({ summary: "One stream's events, as recorded at `asOf`/`asOfPosition`" })
  async stream(@Param('streamId') streamId: string, @Query() query: QueryParams, @Req() request: FastifyRequest) {
    if (!STREAM_ID.test(streamId)) throw new BadRequestException(`streamId must match ${STREAM_ID.source}`);
    const hasAsOf = query.asOf !== undefined || query.asOfPosition !== undefined;
    const point = await this.readPoint.resolve(readRequest(query));
    const events = await this.store.readStream(streamId, hasAsOf ? { toPosition: point.position } : undefined);
    if (events.length === 0) throw new NotFoundException(`stream ${streamId} does not exist${hasAsOf ? ' at that point' : ''}`);
    return { streamId, revision: events[events.length - 1].revision, events: events.map((e) => eventView(e, principalOf(request))), meta: point.meta };
  }
}
