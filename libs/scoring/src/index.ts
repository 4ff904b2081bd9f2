export * from './conditions';
export * from './decay';
export * from './lead-fold';
export * from './lead-state';
export * from './score-range';
export * from './trigger-firings';
