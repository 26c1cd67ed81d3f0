export * from './catalogue';
export * from './history';
export * from './paging';
export * from './products';
export * from './purchasing';
export * from './stock';
