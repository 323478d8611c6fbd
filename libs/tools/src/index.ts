export * from './entities/external-tool.entity';
export * from './tools-proxy.route';
export * from './tools.module';
