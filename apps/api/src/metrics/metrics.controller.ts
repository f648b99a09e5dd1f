import { carriesForwardingHeader, metricsAccess } from '@ccp/runtime';
import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { prometheusContentType } from 'prom-client';
import { Access } from '../auth/access.decorator.js';
import { ApiProblemResponses } from '../common/api-problems.decorator.js';
import { Unauthenticated } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { METRICS_TOKEN_AUTH } from '../docs/openapi.js';
import { MetricsService } from './metrics.service.js';

/**
 * Outside `/api/v1` (api.md), for Prometheus to scrape: not a person's or an API key's route, so
 * `metricsAccess` decides who reads it (METRICS_TOKEN, or this machine only).
 */
@ApiTags('metrics')
@Access('public')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @ApiProduces(prometheusContentType)
  @ApiOperation({
    operationId: 'scrapeMetrics',
    summary: 'Prometheus metrics (text exposition format): with METRICS_TOKEN as a Bearer token, or from this machine',
    // The token when one is set; none from the machine itself when not.
    security: [{ [METRICS_TOKEN_AUTH]: [] }, {}],
  })
  @ApiOkResponse({ description: 'The metrics', content: { [prometheusContentType]: { schema: { type: 'string' } } } })
  @ApiProblemResponses(401)
  scrape(@Req() request: FastifyRequest): Promise<string> {
    const access = metricsAccess(this.config.metricsToken, {
      authorization: request.headers.authorization,
      address: request.ip,
      // Behind a trusted proxy `request.ip` is the client it names; otherwise such a header names someone unknown.
      forwardedByUntrusted: this.config.trustProxy.length === 0 && carriesForwardingHeader(request.headers),
    });
    if (!access.allowed) throw new Unauthenticated(access.detail);
    return this.metrics.render();
  }
}
