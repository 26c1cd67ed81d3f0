export * from './product';
export * from './warehouse';
