export * from './client-format';
export * from './gateway-routes';
export * from './proxy.module';
