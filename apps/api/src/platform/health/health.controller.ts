import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PROJECTION_PROGRESS, type ProjectionProgress } from '@duty-ledger/application/reads/projection-progress';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { Public } from '../auth/public-routes';

/** API.md: `{ status, eventStore, readStore, projectionLag }`; 503 when a store is unreachable. No key needed. */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness of the stores and how far the read models lag behind the log (events)' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const eventStore = await probe(() => this.events.ping());
    const readStore = await probe(() => this.reads.ping());
    let projectionLag: number | null = null;
    if (eventStore === 'up' && readStore === 'up') {
      const [head, projected] = await Promise.all([this.events.headPosition(), this.progress.projectedPosition()]);
      // Positions behind the head of the log (positions are not dense on every store: an upper bound of events).
      projectionLag = head === null ? 0 : Math.max(0, head - (projected ?? 0));
    }
    const status = eventStore === 'up' && readStore === 'up' ? 'ok' : 'unavailable';
    if (status !== 'ok') reply.status(503);
    return { status, eventStore, readStore, projectionLag };
  }
}

async function probe(ping: () => Promise<void>): Promise<'up' | 'down'> {
  try {
    await ping();
    return 'up';
  } catch {
    return 'down';
  }
}
