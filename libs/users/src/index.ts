export * from './entities/user.entity';
export * from './users.module';
export * from './users.repository';
export * from './users.service';
export * from './user-view';
