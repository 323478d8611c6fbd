export * from './auth.contracts';
export * from './billing.contracts';
export * from './keys.contracts';
export * from './models.contracts';
export * from './page.contracts';
export * from './providers.contracts';
export * from './usage.contracts';
export * from './users.contracts';
