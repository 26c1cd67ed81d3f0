-- A supplier's orders are listed newest first, found by supplier rather than read through every
-- order of the tenant; counting its open orders before it is archived may use the same index.
CREATE INDEX purchase_orders_supplier ON purchase_orders (tenant_id, supplier_id, created_at DESC);
