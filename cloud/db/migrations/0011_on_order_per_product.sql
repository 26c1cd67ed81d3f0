-- A product's quantity on order is read per product (by its lines), so a few products no longer
-- aggregate every open order of the tenant; nothing reads the view any more.
DROP VIEW on_order;
