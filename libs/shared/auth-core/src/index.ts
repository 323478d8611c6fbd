export * from './auth-user';
export * from './decorators';
