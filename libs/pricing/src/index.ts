export * from './pricing-catalog.service';
export * from './pricing.module';
