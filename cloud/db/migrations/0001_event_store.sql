-- Roles every transaction runs as. Tenant transactions are limited by row-level security; the
-- reader may only SELECT. Login users (the local owner, the cloud's read-write and read-only
-- users) are made members of these roles.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockmate_app') THEN
    CREATE ROLE stockmate_app NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockmate_reader') THEN
    CREATE ROLE stockmate_reader NOLOGIN;
  END IF;
END
$$;

GRANT stockmate_app TO CURRENT_USER;
GRANT stockmate_reader TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO stockmate_app, stockmate_reader;

-- The tenant of the current transaction ('' or unset in system transactions).
CREATE FUNCTION current_tenant() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.tenant_id', true), '') $$;

-- Timestamps as JavaScript writes them (ISO 8601, UTC, milliseconds), whichever adapter reads them.
CREATE FUNCTION iso_time(timestamptz) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE TABLE tenants (
  tenant_id text PRIMARY KEY CHECK (tenant_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  tenant_id text NOT NULL REFERENCES tenants,
  user_id text NOT NULL,
  email text,
  role text NOT NULL CHECK (role IN ('viewer', 'clerk', 'manager', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- The source of truth: append-only, ordered by position, one version sequence per stream.
CREATE TABLE streams (
  tenant_id text NOT NULL,
  stream_id text NOT NULL,
  stream_type text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  PRIMARY KEY (tenant_id, stream_id)
);

CREATE TABLE events (
  position bigint GENERATED ALWAYS AS IDENTITY,
  event_id uuid NOT NULL,
  tenant_id text NOT NULL,
  stream_id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  type text NOT NULL,
  payload jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, position),
  CONSTRAINT events_stream_version UNIQUE (tenant_id, stream_id, version)
);

CREATE FUNCTION events_are_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();

-- A command's client key, the hash of what it asked, and what it returned.
CREATE TABLE idempotency (
  tenant_id text NOT NULL,
  key text NOT NULL,
  command text NOT NULL,
  request_hash text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

-- Work to do after a commit (start a workflow), written in the same transaction as the events.
CREATE TABLE outbox (
  outbox_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL,
  event_id uuid NOT NULL,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  last_error text
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE processed_at IS NULL;

CREATE TABLE counters (
  tenant_id text NOT NULL,
  name text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (tenant_id, name)
);

-- Projections: rebuilt from the events, updated in the same transaction as the append.
CREATE TABLE products (
  tenant_id text NOT NULL,
  product_id uuid NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL,
  barcode text,
  unit_cost_minor bigint NOT NULL CHECK (unit_cost_minor >= 0),
  currency char(3) NOT NULL,
  lead_time_days integer NOT NULL CHECK (lead_time_days >= 0),
  service_level numeric(4, 3) NOT NULL CHECK (service_level > 0 AND service_level < 1),
  min_stock integer CHECK (min_stock >= 0),
  max_stock integer CHECK (max_stock >= 0),
  category text,
  preferred_supplier_id uuid,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, product_id)
);
CREATE UNIQUE INDEX products_sku ON products (tenant_id, lower(sku));
CREATE UNIQUE INDEX products_barcode ON products (tenant_id, barcode) WHERE barcode IS NOT NULL;
CREATE INDEX products_name ON products (tenant_id, lower(name));

CREATE TABLE warehouses (
  tenant_id text NOT NULL,
  warehouse_id uuid NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  address text,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, warehouse_id)
);
CREATE UNIQUE INDEX warehouses_code ON warehouses (tenant_id, lower(code));

CREATE TABLE suppliers (
  tenant_id text NOT NULL,
  supplier_id uuid NOT NULL,
  name text NOT NULL,
  email text,
  phone text,
  lead_time_days integer NOT NULL CHECK (lead_time_days >= 0),
  minimum_order_quantity integer NOT NULL CHECK (minimum_order_quantity >= 1),
  pack_size integer NOT NULL CHECK (pack_size >= 1),
  unit_price_minor bigint CHECK (unit_price_minor >= 0),
  currency char(3),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, supplier_id)
);

-- The stock guard: whatever the code does, available (on hand - reserved) never goes below zero.
CREATE TABLE stock_levels (
  tenant_id text NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  on_hand integer NOT NULL,
  reserved integer NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, product_id, warehouse_id),
  CONSTRAINT stock_levels_never_oversold CHECK (reserved >= 0 AND on_hand >= reserved)
);
CREATE INDEX stock_levels_warehouse ON stock_levels (tenant_id, warehouse_id);

CREATE TABLE movements (
  tenant_id text NOT NULL,
  event_id uuid NOT NULL,
  seq smallint NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('receipt', 'issue', 'adjustment', 'transfer_out', 'transfer_in')),
  quantity integer NOT NULL,
  on_hand_after integer NOT NULL,
  reason text,
  note text,
  reference text,
  purchase_order_id uuid,
  actor text NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- Time first: the ledger is read newest first, and rows arrive in time order.
  PRIMARY KEY (tenant_id, occurred_at, event_id, seq)
);
CREATE INDEX movements_product ON movements (tenant_id, product_id, occurred_at DESC);

CREATE TABLE reservations (
  tenant_id text NOT NULL,
  reservation_id uuid NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  expires_at timestamptz NOT NULL,
  reference text,
  status text NOT NULL CHECK (status IN ('active', 'released', 'expired', 'fulfilled')),
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  PRIMARY KEY (tenant_id, reservation_id)
);
CREATE INDEX reservations_active ON reservations (tenant_id, product_id) WHERE status = 'active';
CREATE INDEX reservations_expiry ON reservations (tenant_id, expires_at) WHERE status = 'active';

CREATE TABLE purchase_orders (
  tenant_id text NOT NULL,
  purchase_order_id uuid NOT NULL,
  number text NOT NULL,
  supplier_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'partially_received', 'received', 'cancelled', 'postponed')),
  expected_at date NOT NULL,
  source text NOT NULL CHECK (source IN ('manual', 'suggested')),
  reason text,
  note text,
  created_at timestamptz NOT NULL,
  submitted_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, purchase_order_id)
);
CREATE UNIQUE INDEX purchase_orders_number ON purchase_orders (tenant_id, number);
CREATE INDEX purchase_orders_status ON purchase_orders (tenant_id, status, expected_at);

CREATE TABLE purchase_order_lines (
  tenant_id text NOT NULL,
  purchase_order_id uuid NOT NULL,
  line_id uuid NOT NULL,
  position integer NOT NULL,
  product_id uuid NOT NULL,
  quantity_ordered integer NOT NULL CHECK (quantity_ordered > 0),
  quantity_received integer NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  unit_cost_minor bigint NOT NULL,
  currency char(3) NOT NULL,
  PRIMARY KEY (tenant_id, purchase_order_id, line_id)
);
CREATE INDEX purchase_order_lines_product ON purchase_order_lines (tenant_id, product_id);

-- What the usage analyser last concluded for a product (derived, not event-sourced).
CREATE TABLE product_planning (
  tenant_id text NOT NULL,
  product_id uuid NOT NULL,
  reorder_point integer NOT NULL,
  safety_stock integer NOT NULL,
  max_stock integer NOT NULL,
  analysed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, product_id)
);

-- Products at or below their reorder point (the manager's override, else the analyser's).
CREATE VIEW low_stock WITH (security_invoker = true) AS
WITH stock AS (
  SELECT tenant_id, product_id, sum(on_hand)::integer AS on_hand, sum(reserved)::integer AS reserved
  FROM stock_levels GROUP BY tenant_id, product_id
), on_order AS (
  SELECT l.tenant_id, l.product_id,
         sum(greatest(l.quantity_ordered - l.quantity_received, 0))::integer AS on_order
  FROM purchase_order_lines l
  JOIN purchase_orders o USING (tenant_id, purchase_order_id)
  WHERE o.status IN ('submitted', 'postponed', 'partially_received')
  GROUP BY l.tenant_id, l.product_id
), levels AS (
  SELECT p.tenant_id, p.product_id, p.sku, p.name, p.unit,
         coalesce(s.on_hand, 0) AS on_hand,
         coalesce(s.reserved, 0) AS reserved,
         coalesce(s.on_hand, 0) - coalesce(s.reserved, 0) AS available,
         coalesce(o.on_order, 0) AS on_order,
         coalesce(p.min_stock, pl.reorder_point) AS reorder_point
  FROM products p
  LEFT JOIN stock s USING (tenant_id, product_id)
  LEFT JOIN on_order o USING (tenant_id, product_id)
  LEFT JOIN product_planning pl USING (tenant_id, product_id)
  WHERE NOT p.archived
)
SELECT levels.*, CASE WHEN available <= 0 THEN 'stockout' ELSE 'low' END AS status
FROM levels
WHERE reorder_point IS NOT NULL AND available <= reorder_point;

-- Row-level security: a tenant transaction sees and writes only its tenant's rows; a system
-- transaction (no tenant) sees none of them.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['streams', 'events', 'idempotency', 'counters', 'products', 'warehouses',
    'suppliers', 'stock_levels', 'movements', 'reservations', 'purchase_orders',
    'purchase_order_lines', 'product_planning']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant()) '
      'WITH CHECK (tenant_id = current_tenant())', t);
  END LOOP;
  -- System tables: a tenant sees its own rows; a system transaction (relays, sweeps) sees all.
  FOREACH t IN ARRAY ARRAY['tenants', 'memberships', 'outbox']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_or_system ON %I USING (current_tenant() IN (tenant_id, '''')) '
      'WITH CHECK (current_tenant() IN (tenant_id, ''''))', t);
  END LOOP;
END
$$;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO stockmate_reader, stockmate_app;
GRANT INSERT ON events, idempotency, outbox TO stockmate_app;
GRANT INSERT, UPDATE ON tenants, memberships, streams, counters TO stockmate_app;
GRANT UPDATE (attempts, available_at, processed_at, last_error) ON outbox TO stockmate_app;
GRANT INSERT, UPDATE, DELETE ON products, warehouses, suppliers, stock_levels, movements,
  reservations, purchase_orders, purchase_order_lines, product_planning TO stockmate_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO stockmate_app;
