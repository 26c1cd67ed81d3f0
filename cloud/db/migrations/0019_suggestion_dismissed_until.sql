-- A suggested order dismissed (cancelled as a draft) keeps the day from which its products may be
-- suggested again, so the analyser does not make the same suggestion at the next stock movement.
ALTER TABLE purchase_orders ADD COLUMN suggest_again_on date;
