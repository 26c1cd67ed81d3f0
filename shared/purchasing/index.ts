export * from './supplier';
export * from './purchase-order';
