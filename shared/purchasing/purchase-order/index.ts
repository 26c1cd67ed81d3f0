export * from './events';
export * from './decide';
export * from './inputs';
