-- Runs of the state machines (stock-changed, usage-analysis), in both environments: the execution
-- name makes a start idempotent, and the rows answer the workflowRuns query.
CREATE TABLE workflow_runs (
  tenant_id text NOT NULL,
  execution_name text NOT NULL,
  workflow text NOT NULL CHECK (workflow IN ('stock-changed', 'usage-analysis')),
  status text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
  input jsonb NOT NULL,
  output jsonb,
  error text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  PRIMARY KEY (tenant_id, execution_name)
);
CREATE INDEX workflow_runs_recent ON workflow_runs (tenant_id, started_at DESC);
CREATE INDEX workflow_runs_running ON workflow_runs (started_at) WHERE status = 'RUNNING';

-- What the managers were told, with the figures and the advice; published once.
CREATE TABLE notifications (
  tenant_id text NOT NULL,
  notification_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('LOW_STOCK', 'STOCKOUT', 'OVERSTOCK', 'PO_SUGGESTED', 'PO_POSTPONED', 'ANALYSIS_DONE')),
  severity text NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
  title text NOT NULL,
  product_id uuid,
  purchase_order_id uuid,
  numbers jsonb NOT NULL,
  advice text,
  advice_source text NOT NULL CHECK (advice_source IN ('OPENAI', 'RULES', 'NONE')),
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  published_at timestamptz,
  PRIMARY KEY (tenant_id, notification_id)
);
CREATE INDEX notifications_recent ON notifications (tenant_id, created_at DESC);
CREATE INDEX notifications_unpublished ON notifications (created_at) WHERE published_at IS NULL;

-- Usage per tenant and billing period (YYYY-MM), and each metered event with what Stripe was told.
CREATE TABLE billing_usage (
  tenant_id text NOT NULL,
  period text NOT NULL CHECK (period ~ '^\d{4}-\d{2}$'),
  metric text NOT NULL CHECK (metric IN ('stock_movements', 'active_products')),
  quantity bigint NOT NULL CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, period, metric)
);

CREATE TABLE billing_reports (
  tenant_id text NOT NULL,
  identifier text NOT NULL,
  period text NOT NULL,
  metric text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity >= 0),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  reported_at timestamptz,
  -- Held by a sweep while it calls Stripe (no transaction stays open across the call).
  leased_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (tenant_id, identifier)
);
CREATE INDEX billing_reports_pending ON billing_reports (recorded_at) WHERE reported_at IS NULL;

ALTER TABLE tenants ADD COLUMN stripe_customer_id text;

-- The usage analyser's whole conclusion (forecast, model, backtest) and the status last notified.
ALTER TABLE product_planning
  ADD COLUMN analysis jsonb,
  ADD COLUMN last_status text;

-- A postponement the issue analyser suggests for an open order, until a manager acts on it.
ALTER TABLE purchase_orders
  ADD COLUMN suggested_expected_at date,
  ADD COLUMN suggestion text;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['billing_usage']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant()) '
      'WITH CHECK (tenant_id = current_tenant())', t);
  END LOOP;
  -- Swept across tenants by the backend; a tenant sees its own rows.
  FOREACH t IN ARRAY ARRAY['workflow_runs', 'billing_reports', 'notifications']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_or_system ON %I USING (current_tenant() IN (tenant_id, '''')) '
      'WITH CHECK (current_tenant() IN (tenant_id, ''''))', t);
  END LOOP;
END
$$;

GRANT SELECT ON workflow_runs, notifications, billing_usage, billing_reports TO stockmate_reader, stockmate_app;
GRANT INSERT, UPDATE ON workflow_runs, notifications, billing_usage, billing_reports TO stockmate_app;
GRANT UPDATE (stripe_customer_id) ON tenants TO stockmate_app;
