-- A supplier no longer ordered from is archived: it leaves the lists and pickers, and no new
-- order goes to it, while its orders and the products that prefer it keep naming it.
ALTER TABLE suppliers ADD COLUMN archived boolean NOT NULL DEFAULT false;
