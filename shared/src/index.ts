export * from './errors';
export * from './auth';
export * from './org';
export * from './health';
export * from './demo';
export * from './customers';
export * from './products';
