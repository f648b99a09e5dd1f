import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { Access } from '../auth/access.decorator.js';
import { MetricsService } from './metrics.service.js';

/** Outside `/api/v1` (api.md), for Prometheus to scrape. */
@ApiTags('metrics')
@Access('public')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @ApiProduces(prometheusContentType)
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
