import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '../auth/key-ring';
import { Public } from '../auth/public-routes';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { METRICS_SCHEME } from '../openapi/openapi';
import { ProblemException } from '../problem/problem';
import { ProblemDetailsSchema } from '../problem/problem.schema';
import { HttpMetrics } from './http-metrics';

/** Prometheus text at `/metrics`: open, or behind `Authorization: Bearer <METRICS_TOKEN>` when that is set. */
@ApiTags('operations')
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
  @ApiOperation({
    summary: 'Prometheus text: command latency by type and outcome, appends and group-commit batch sizes, projection lag per projection (events and seconds), read latency, store errors',
    description: 'Open unless the server sets METRICS_TOKEN; then `Authorization: Bearer <METRICS_TOKEN>` (not an API key).',
  })
  @ApiBearerAuth(METRICS_SCHEME)
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({
    description: 'METRICS_TOKEN is set and was not sent',
    content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${ProblemDetailsSchema.name}` } } },
  })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (this.expected && !timingSafeEqual(sha256(authorization ?? ''), this.expected)) {
      throw new ProblemException(401, 'unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>.', undefined, { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    reply.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
