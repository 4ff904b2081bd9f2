export * from './config';
export * from './api-error';
export * from './api-keys';
export * from './api-key.guard';
export * from './http-setup';
export * from './readiness';
export * from './metrics';
export * from './runtime.module';
