export * from './supplier';
