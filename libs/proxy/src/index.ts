export * from './client-format';
export * from './gateway-server';
export * from './proxy.module';
