import type { Operation } from '../operation';
import * as products from './products';
import * as purchaseOrders from './purchase-orders';
import * as suppliers from './suppliers';
import * as system from './system';
import * as warehouses from './warehouses';

/** Every mutation clients may run, by name: the list the API serves. */
export const operations = { ...products, ...warehouses, ...suppliers, ...purchaseOrders };

/** Mutations only the backend runs (the issue analyser). */
export const systemOperations = system;

export type PublicOperationName = keyof typeof operations;
export type OperationName = PublicOperationName | keyof typeof systemOperations;

const everything: Readonly<Record<OperationName, Operation>> = {
  ...operations,
  ...systemOperations,
};

/** Whether a client may run this mutation. */
export const isPublicOperation = (name: string): name is PublicOperationName =>
  Object.hasOwn(operations, name);

export const operationNamed = (name: OperationName): Operation => everything[name];
