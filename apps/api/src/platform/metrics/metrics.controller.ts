import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '../auth/key-ring';
import { Public } from '../auth/public-routes';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProblemException } from '../problem/problem';
import { HttpMetrics } from './http-metrics';

/** Prometheus text at `/metrics`: open, or behind `Authorization: Bearer <METRICS_TOKEN>` when that is set. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly expected?: Buffer;

  constructor(
    @Inject(HttpMetrics) private readonly metrics: HttpMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expected = config.metricsToken === undefined ? undefined : sha256(`Bearer ${config.metricsToken}`);
  }

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (this.expected && !timingSafeEqual(sha256(authorization ?? ''), this.expected)) {
      throw new ProblemException(401, 'unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>.', undefined, { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    reply.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
