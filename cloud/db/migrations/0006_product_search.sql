-- Product search and paging that stay fast under row-level security.
--
-- Under RLS, PostgreSQL lets a condition drive an index only if it is leakproof; lower(sku) and
-- LIKE are not, so `lower(sku) > $1` or `lower(name) LIKE '%valve%'` read the whole tenant's
-- products. Lowercase keys as stored columns make the paging conditions plain leakproof text
-- comparisons, and a fragment search runs in one narrow function that filters the tenant itself.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE products
  ADD COLUMN sku_key text GENERATED ALWAYS AS (lower(sku)) STORED,
  ADD COLUMN name_key text GENERATED ALWAYS AS (lower(name)) STORED,
  ADD COLUMN barcode_key text GENERATED ALWAYS AS (lower(barcode)) STORED;

DROP INDEX products_sku;
CREATE UNIQUE INDEX products_sku ON products (tenant_id, sku_key);
DROP INDEX products_name;
CREATE INDEX products_name ON products (tenant_id, name_key, product_id);
DROP INDEX products_barcode_lower;
CREATE INDEX products_barcode_key ON products (tenant_id, barcode_key) WHERE barcode_key IS NOT NULL;

-- A fragment anywhere in a SKU or name ("valve", "m8, steel") cannot use a b-tree: trigram
-- indexes, with the tenant first (btree_gin) so a search reads only its tenant's entries.
CREATE INDEX products_sku_search ON products USING gin (tenant_id, sku_key gin_trgm_ops);
CREATE INDEX products_name_search ON products USING gin (tenant_id, name_key gin_trgm_ops);

-- The products of the current tenant whose SKU or name contains `term`, or whose barcode is
-- `term`; `exact` marks an SKU or barcode equal to it. `term` is lowercase and `pattern` is the
-- LIKE pattern of it, escaped. It runs as its owner, past RLS, so it filters the tenant itself and
-- returns ids only: the caller reads the rows through RLS as usual. A term shorter than a trigram
-- cannot use the trigram indexes and is found by reading the tenant's products instead.
CREATE FUNCTION product_search(term text, pattern text)
  RETURNS TABLE (product_id uuid, exact boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100
  SET search_path = public, pg_temp
AS $$
BEGIN
  IF length(term) >= 3 THEN
    RETURN QUERY
      SELECT p.product_id, p.sku_key = term OR coalesce(p.barcode_key = term, false)
      FROM products p
      WHERE p.tenant_id = current_tenant()
        AND (p.sku_key LIKE pattern OR p.name_key LIKE pattern OR p.barcode_key = term);
  ELSE
    RETURN QUERY
      SELECT p.product_id, p.sku_key = term OR coalesce(p.barcode_key = term, false)
      FROM products p
      WHERE p.tenant_id = current_tenant()
        AND (strpos(p.sku_key, term) > 0 OR strpos(p.name_key, term) > 0 OR p.barcode_key = term);
  END IF;
END
$$;
REVOKE ALL ON FUNCTION product_search(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION product_search(text, text) TO stockmate_app, stockmate_reader;
