export * from './admin-bootstrap.service';
export * from './auth.module';
export * from './principal-resolver.service';
export * from './entities/refresh-token.entity';
export * from './login-attempts';
export * from './password-hasher';
