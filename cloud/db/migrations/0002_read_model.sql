-- How a product's stock stands, one definition for every read: the product list, the dashboard
-- and the analysers.
CREATE FUNCTION stock_status(available integer, reorder_point integer, max_stock integer) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN available <= 0 THEN 'STOCKOUT'
      WHEN reorder_point IS NOT NULL AND available <= reorder_point THEN 'LOW'
      WHEN max_stock IS NOT NULL AND available > max_stock THEN 'OVERSTOCK'
      ELSE 'OK'
    END
  $$;

-- Units still to arrive on open purchase orders, per product.
CREATE VIEW on_order WITH (security_invoker = true) AS
  SELECT l.tenant_id, l.product_id, sum(greatest(l.quantity_ordered - l.quantity_received, 0))::integer AS on_order
  FROM purchase_order_lines l
  JOIN purchase_orders o USING (tenant_id, purchase_order_id)
  WHERE o.status IN ('submitted', 'postponed', 'partially_received')
  GROUP BY l.tenant_id, l.product_id;

GRANT SELECT ON on_order TO stockmate_reader, stockmate_app;

CREATE INDEX products_updated ON products (tenant_id, updated_at DESC);
CREATE INDEX products_category ON products (tenant_id, category) WHERE category IS NOT NULL;
CREATE INDEX products_barcode_lower ON products (tenant_id, lower(barcode)) WHERE barcode IS NOT NULL;
