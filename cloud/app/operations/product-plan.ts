import type { ProductCommand, ProductEnv, StockMateEvent, StreamEvent } from '../../../shared';
import { decideProduct, streams } from '../../../shared';
import type { LoadPlan, Loaded } from '../../db/load';
import type { DecisionContext } from '../operation';
import { productState, warehouseRefs } from '../state';

export const warehousesOf = (c: ProductCommand): string[] => {
  switch (c.type) {
    case 'ReceiveStock':
    case 'IssueStock':
    case 'AdjustStock':
    case 'ReserveStock':
    case 'CountStock':
      return [c.warehouseId];
    case 'TransferStock':
      return [c.fromWarehouseId, c.toWarehouseId];
    default:
      return [];
  }
};

/** What every product command loads: its stream (locked), row, stock and the warehouses it names. */
export const productPlan = (c: ProductCommand, extra: Partial<LoadPlan> = {}): LoadPlan => ({
  streams: [streams.product(c.productId)],
  products: [c.productId],
  stockOf: [c.productId],
  warehouses: warehousesOf(c),
  ...extra,
});

export const decideOn = (
  c: ProductCommand,
  loaded: Loaded,
  context: DecisionContext,
  env: Partial<ProductEnv> = {},
): StreamEvent<StockMateEvent>[] =>
  decideProduct(c, productState(loaded.rows, c.productId), {
    now: context.now,
    warehouses: warehouseRefs(loaded.rows, warehousesOf(c)),
    ...env,
  }).map((event) => ({ stream: streams.product(c.productId), event }));
