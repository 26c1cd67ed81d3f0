-- A rebuild that truncates the projections writes every row back into empty tables. Each row it
-- writes used to be entered into every index of its table as it came, one descent of each tree
-- per row; the secondary indexes (the ones no write looks up: not unique, no primary key) are
-- now set aside once the tables are truncated (`set_aside_projection_indexes()`) and built again,
-- each with one sort, once the rows are in (`build_set_aside_index()`, the rebuild's last
-- statements). DDL is transactional: a rebuild that fails, or whose process dies, leaves the
-- indexes as they were. A transaction that set indexes aside cannot commit without them: the
-- check below runs at its commit.

-- The definitions of the indexes set aside by the current transaction (empty outside one).
-- No role but the owner's functions reads or writes it.
CREATE TABLE projection_indexes_set_aside (
  name text PRIMARY KEY,
  definition text NOT NULL
);
REVOKE ALL ON projection_indexes_set_aside FROM PUBLIC;

CREATE FUNCTION set_aside_indexes_are_built() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM projection_indexes_set_aside WHERE name = NEW.name) THEN
    RAISE EXCEPTION 'index % of the projections was set aside and not built again', NEW.name
      USING ERRCODE = '55000';
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION set_aside_indexes_are_built() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER set_aside_indexes_built AFTER INSERT ON projection_indexes_set_aside
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION set_aside_indexes_are_built();

-- Sets aside the secondary indexes of the projections where they are empty, as a rebuild finds
-- them once `empty_projections()` has truncated them; how many. Nothing where any has a row.
CREATE FUNCTION set_aside_projection_indexes() RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  -- Every tenant's rows count: were row-level security to apply, it would see its own only.
  SET row_security = off
AS $$
DECLARE
  projections text[] := ARRAY['purchase_order_lines', 'purchase_orders', 'movements',
    'reservations', 'stock_levels', 'products', 'warehouses', 'suppliers'];
  t text;
  found boolean;
  aside text;
  n integer := 0;
BEGIN
  IF current_tenant() = '' THEN
    RAISE EXCEPTION 'set_aside_projection_indexes is for a tenant transaction'
      USING ERRCODE = '42501';
  END IF;
  FOREACH t IN ARRAY projections LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', t) INTO found;
    IF found THEN
      RETURN 0;
    END IF;
  END LOOP;
  INSERT INTO projection_indexes_set_aside (name, definition)
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid IN (SELECT p::regclass FROM unnest(projections) p)
      AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
    ON CONFLICT (name) DO NOTHING;
  FOR aside IN SELECT name FROM projection_indexes_set_aside ORDER BY name LOOP
    EXECUTE format('DROP INDEX IF EXISTS %s', aside);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;
REVOKE ALL ON FUNCTION set_aside_projection_indexes() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION set_aside_projection_indexes() TO stockmate_app;

-- Builds again one of the indexes this transaction set aside, and names it; NULL once none is
-- left. One index per call: through the Data API a call has a time limit, and a tenant's biggest
-- index is built within it more surely than all of them together.
CREATE FUNCTION build_set_aside_index() RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
DECLARE
  aside projection_indexes_set_aside;
BEGIN
  DELETE FROM projection_indexes_set_aside
    WHERE name = (SELECT min(name) FROM projection_indexes_set_aside)
    RETURNING * INTO aside;
  IF aside.name IS NOT NULL THEN
    EXECUTE aside.definition;
  END IF;
  RETURN aside.name;
END
$$;
REVOKE ALL ON FUNCTION build_set_aside_index() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION build_set_aside_index() TO stockmate_app;
