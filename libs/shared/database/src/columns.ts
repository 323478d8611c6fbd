import { ValueTransformer } from 'typeorm';

/** `bigint` columns come back from pg as strings; our amounts fit in a JS number (< 2^53 micro-dollars). */
export const bigintToNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | null) => (value === null || value === undefined ? value : Number(value)),
};

export const MICROS_PER_USD = 1_000_000;
export const usdToMicros = (usd: number) => Math.round(usd * MICROS_PER_USD);
export const microsToUsd = (micros: number) => micros / MICROS_PER_USD;
