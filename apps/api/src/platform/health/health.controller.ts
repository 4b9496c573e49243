import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { SwitchableReadStore } from '@duty-ledger/read-store/switchable.read-store';
import { Public } from '../auth/public-routes';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { HealthView } from './health.view';
import { PROJECTION_STATUS, type ProjectionStatus } from './projection-status';
import { lagSeconds } from './lag-seconds';
import { StoreHealth } from './store.health';

/**
 * API.md: `GET /health` → `{ status, eventStore, readStore, projectionLag }`; 503 when a store is unreachable, and
 * `degraded` (still 200) when the read models lag beyond the thresholds — in positions, or in seconds since the oldest
 * event they have not applied was recorded (a stalled projector) — (writes and `consistentWith` reads work), when the
 * log cannot be written (reads work), or when reads of the read models fail (a corrupt or unreadable file, which a
 * liveness ping does not touch).
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(StoreHealth) private readonly stores: StoreHealth,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness of the stores, and how many log positions the read models lag behind' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthView> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([() => this.stores.eventStoreUp(), () => this.stores.readStoreUp()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const eventStore = result.details.eventStore?.status === 'up' ? 'up' : 'down';
    const readStore = result.details.readStore?.status === 'up' ? 'up' : 'down';
    const up = eventStore === 'up' && readStore === 'up';
    if (!up) reply.status(503).header('retry-after', '1');
    const rebuild = up ? await this.projectionStatus()?.rebuild?.() : null;
    const { positions: projectionLag, seconds: projectionLagSeconds } = up ? await this.projectionLag() : { positions: null, seconds: null };
    const { projectionLagThreshold, projectionLagSecondsThreshold } = this.config;
    const eventStoreWrites = this.eventStore.stats?.().failing ? 'failing' : 'ok';
    const readStoreReads = this.readStore instanceof SwitchableReadStore && this.readStore.reads.failing ? 'failing' : 'ok';
    const lagging = (projectionLag ?? 0) > projectionLagThreshold || (projectionLagSeconds ?? 0) > projectionLagSecondsThreshold;
    const status = !up ? 'error' : lagging || eventStoreWrites === 'failing' || readStoreReads === 'failing' ? 'degraded' : 'ok';
    const readModelGeneration = this.readStore instanceof SwitchableReadStore ? (this.readStore.generation ?? null) : null;
    return {
      status,
      eventStore,
      eventStoreWrites,
      readStore,
      readStoreReads,
      readModelGeneration,
      projectionLag,
      projectionLagThreshold,
      projectionLagSeconds,
      projectionLagSecondsThreshold,
      ...(rebuild ? { rebuild } : {}),
    };
  }

  /**
   * Positions between the head of the log and the read models (positions are not dense: an upper bound in events), and
   * seconds since the oldest event they have not applied was recorded.
   */
  private async projectionLag(): Promise<{ positions: number | null; seconds: number | null }> {
    const projection = this.projectionStatus();
    if (!projection) return { positions: null, seconds: null };
    const [head, projected] = await Promise.all([this.eventStore.headPosition(), projection.projectedPosition()]);
    if (head === null) return { positions: 0, seconds: 0 };
    return { positions: Math.max(0, head - (projected ?? 0)), seconds: await lagSeconds(this.eventStore, projected, new Date()) };
  }

  /** Looked up across modules: whichever module runs the projections provides it (none in a platform-only app). */
  private projectionStatus(): ProjectionStatus | null {
    try {
      return this.modules.get<ProjectionStatus>(PROJECTION_STATUS, { strict: false });
    } catch {
      return null;
    }
  }
}
