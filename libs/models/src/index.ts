export * from './entities/model.entity';
export * from './models.module';
export * from './models.service';
export * from './routing';
