-- A relay pass hands the rows it claims for one tenant and topic over as one batch, so one
-- stock-changed run follows a burst of commands instead of one run per command. Which rows a batch
-- holds is fixed in the claim's transaction: every row carries the event id of the batch's first
-- row, the name of the run that covers it, so a crash or a retry can never cover a row twice or
-- leave it out.
ALTER TABLE outbox ADD COLUMN batch_event_id uuid;

-- A batch's rows still to do, for a pass that claimed only some of them after a retry.
CREATE INDEX outbox_batch ON outbox (batch_event_id)
  WHERE processed_at IS NULL AND batch_event_id IS NOT NULL;

GRANT UPDATE (batch_event_id) ON outbox TO stockmate_app;

-- The outbox holds work still to do: the relay deletes a row once it is handled (the events and
-- the workflow runs record what happened), so the table stays as small as its backlog.
DELETE FROM outbox WHERE processed_at IS NOT NULL;
GRANT DELETE ON outbox TO stockmate_app;
