export * from './webhook-signature';
export * from './outbound-address';
export * from './webhook-sender';
export * from './retry-policy';
export * from './trigger-payload';
