import type { Operation } from '../operation';
import * as products from './products';
import * as purchaseOrders from './purchase-orders';
import * as suppliers from './suppliers';
import * as warehouses from './warehouses';

/** Every mutation of the domain, by name: the one list the API and the workflows run commands from. */
export const operations = { ...products, ...warehouses, ...suppliers, ...purchaseOrders };

export type OperationName = keyof typeof operations;

export const isOperationName = (name: string): name is OperationName =>
  Object.hasOwn(operations, name);

export const operationNamed = (name: OperationName): Operation => operations[name];
