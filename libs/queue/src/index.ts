export * from './queue.module';
export * from './queue.options';
export * from './partition';
export * from './redis-options';
export * from './redis-client';
export * from './scoring.producer';
export * from './live-updates.producer';
export * from './redis-health.indicator';
