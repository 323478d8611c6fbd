export { flushTracing, inSpan, startTracing, tracingEnabled } from './tracing';
