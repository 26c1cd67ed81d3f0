-- Which workflow run moved a product's notified status last: concurrent runs for one product
-- report a change once, and a retried run finds its own claim and reports it again.
ALTER TABLE product_planning ADD COLUMN status_claimed_by text;
