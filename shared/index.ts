export * from './core';
export * from './events';
export * from './inventory';
export * from './purchasing';
