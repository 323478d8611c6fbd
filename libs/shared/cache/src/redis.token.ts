import type Redis from 'ioredis';

/** Injection token: the shared ioredis client, or null when the gateway runs without Redis. */
export const REDIS = Symbol('REDIS');
export type RedisClient = Redis | null;
