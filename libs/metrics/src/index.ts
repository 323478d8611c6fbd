export * from './gateway-metrics.service';
export * from './metrics.module';
export * from './metrics.route';
