-- One analysis of a product at a time: a run holds the lease; a run that finds it held marks the
-- product dirty instead, and the holder analyses again before letting go. A crashed holder's
-- lease runs out.
ALTER TABLE product_planning
  ADD COLUMN analysing_by text,
  ADD COLUMN analysing_until timestamptz,
  ADD COLUMN analysis_dirty boolean NOT NULL DEFAULT false;
