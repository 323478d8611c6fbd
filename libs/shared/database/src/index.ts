export * from './columns';
export * from './data-source-options';
export * from './embedded-postgres';
export * from './is-usd-amount';
