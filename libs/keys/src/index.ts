export * from './entities/api-key.entity';
export * from './key-hash';
export * from './keys.module';
export * from './keys.repository';
export * from './keys.service';
