// Imported first by main.ts: the instrumentations must be in place before http, pg and ioredis load.
import { startTracing } from '@gateway/telemetry';

startTracing('llm-gateway-worker');
