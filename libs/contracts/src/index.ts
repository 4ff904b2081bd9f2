export * from './canonical-json';
export * from './errors';
export * from './event';
export * from './event-validation';
export * from './rules';
export * from './leads';
export * from './queues';
export * from './socket-events';
