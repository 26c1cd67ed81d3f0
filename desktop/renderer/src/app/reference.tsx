/** Warehouses and suppliers: small lists almost every screen needs, loaded once and shared. */
import type { ReactNode } from 'react';
import { createContext, useContext, useMemo } from 'react';
import { suppliersQuery, warehousesQuery } from '../api/queries';
import type { Supplier, Warehouse } from '../api/types';
import { useQuery } from '../hooks/useQuery';

export interface Reference {
  /** Every warehouse, archived ones too (their history still names them). */
  readonly warehouses: readonly Warehouse[];
  /** Every supplier, archived ones too (orders and products still name them). */
  readonly suppliers: readonly Supplier[];
  readonly loaded: boolean;
  readonly warehouseName: (id: string) => string;
  readonly supplierName: (id: string) => string;
  readonly reload: () => void;
}

const ReferenceContext = createContext<Reference | null>(null);

export const ReferenceProvider = ({ children }: { readonly children: ReactNode }) => {
  const state = useQuery(async (api) => {
    const [w, s] = await Promise.all([
      api.query<{ warehouses: Warehouse[] }>(warehousesQuery, { includeArchived: true }),
      api.query<{ suppliers: Supplier[] }>(suppliersQuery, { includeArchived: true }),
    ]);
    return { warehouses: w.warehouses, suppliers: s.suppliers };
  }, []);
  const value = useMemo<Reference>(() => {
    const warehouses = state.data?.warehouses ?? [];
    const suppliers = state.data?.suppliers ?? [];
    const warehouseById = new Map(warehouses.map((w) => [w.warehouseId, w]));
    const supplierById = new Map(suppliers.map((s) => [s.supplierId, s]));
    return {
      warehouses,
      suppliers,
      loaded: state.data !== undefined,
      warehouseName: (id) => {
        const w = warehouseById.get(id);
        return w ? `${w.code} · ${w.name}` : 'Unknown warehouse';
      },
      supplierName: (id) => supplierById.get(id)?.name ?? 'Unknown supplier',
      reload: state.reload,
    };
  }, [state.data, state.reload]);
  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
};

export const useReference = (): Reference => {
  const reference = useContext(ReferenceContext);
  if (reference === null) throw new Error('useReference outside ReferenceProvider');
  return reference;
};

/** Active warehouses as select options. */
export const warehouseOptions = (warehouses: readonly Warehouse[]) =>
  warehouses
    .filter((w) => !w.archived)
    .map((w) => ({ value: w.warehouseId, label: `${w.code} · ${w.name}` }));

/**
 * Suppliers that can be chosen, as select options: the active ones, and `kept` (the one a form
 * already holds) even when archived, so that editing something else does not lose it.
 */
export const supplierOptions = (suppliers: readonly Supplier[], kept?: string | null) =>
  suppliers
    .filter((s) => !s.archived || s.supplierId === kept)
    .map((s) => ({ value: s.supplierId, label: s.archived ? `${s.name} (archived)` : s.name }));
