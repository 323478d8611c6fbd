import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics.service';
import { MetricsRoute } from './metrics.route';

@Global()
@Module({ providers: [GatewayMetrics, MetricsRoute], exports: [GatewayMetrics, MetricsRoute] })
export class MetricsModule {}
