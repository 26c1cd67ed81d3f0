-- A product without demand yet has no maximum stock: its first delivery is not overstock.
-- (See plannedMaximum in shared/analytics; past 90 days without demand, a maximum of zero stands.)

ALTER TABLE product_planning ALTER COLUMN max_stock DROP NOT NULL;

UPDATE product_planning SET max_stock = NULL
WHERE analysis->>'model' = 'zero'
  AND (analysis->'history'->>'days')::integer < 90
  AND NOT coalesce((analysis->'overrides'->>'maximumStock')::boolean, false);
