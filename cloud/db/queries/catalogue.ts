import type { Tx } from '../port';
import type { SupplierRow, WarehouseRow } from '../projection/rows';
import { tables } from '../projection/rows';
import { selectList } from '../tables';

export const listWarehouses = (tx: Tx, includeArchived: boolean) =>
  tx.rows<WarehouseRow>(
    `SELECT ${selectList(tables.warehouses)} FROM warehouses WHERE (:all OR NOT archived) ORDER BY lower(code)`,
    { all: includeArchived },
  );

export const listSuppliers = (tx: Tx, includeArchived: boolean) =>
  tx.rows<SupplierRow>(
    `SELECT ${selectList(tables.suppliers)} FROM suppliers WHERE (:all OR NOT archived)
     ORDER BY lower(name), supplier_id`,
    { all: includeArchived },
  );
