-- product_search returns what a list needs to filter, count and order its hits (the sort keys,
-- archived, category), so a search of thousands of hits reads the product rows of one page only.
-- The values are of the current tenant's own products; the caller reads whole rows through RLS.

DROP FUNCTION product_search(text, text);

CREATE FUNCTION product_search(term text, pattern text)
  RETURNS TABLE (product_id uuid, exact boolean, sku_key text, name_key text,
                 updated_at timestamptz, archived boolean, category text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100
  SET search_path = public, pg_temp
AS $$
BEGIN
  IF length(term) >= 3 THEN
    RETURN QUERY
      SELECT p.product_id, p.sku_key = term OR coalesce(p.barcode_key = term, false),
             p.sku_key, p.name_key, p.updated_at, p.archived, p.category
      FROM products p
      WHERE p.tenant_id = current_tenant()
        AND (p.sku_key LIKE pattern OR p.name_key LIKE pattern OR p.barcode_key = term);
  ELSE
    RETURN QUERY
      SELECT p.product_id, p.sku_key = term OR coalesce(p.barcode_key = term, false),
             p.sku_key, p.name_key, p.updated_at, p.archived, p.category
      FROM products p
      WHERE p.tenant_id = current_tenant()
        AND (strpos(p.sku_key, term) > 0 OR strpos(p.name_key, term) > 0 OR p.barcode_key = term);
  END IF;
END
$$;
REVOKE ALL ON FUNCTION product_search(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION product_search(text, text) TO stockmate_app, stockmate_reader;
