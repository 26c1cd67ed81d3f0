-- A partly received order can be closed short: what arrived stays received, the rest is no
-- longer expected. It is an order's own final status, beside received and cancelled.
ALTER TABLE purchase_orders
  DROP CONSTRAINT purchase_orders_status_check,
  ADD CONSTRAINT purchase_orders_status_check
    CHECK (status IN ('draft', 'submitted', 'partially_received', 'received', 'cancelled', 'postponed', 'closed'));
