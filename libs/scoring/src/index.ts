export * from './conditions';
export * from './lead-fold';
