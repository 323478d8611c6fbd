export * from './job-queues';
export * from './queue-names';
