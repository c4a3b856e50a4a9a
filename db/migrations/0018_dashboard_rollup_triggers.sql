-- Keeps the dashboard rollups (db/schema/dashboard-rollups.ts) exact: one statement-level trigger
-- per table and operation appends, per statement, one delta row per key that the statement moved
-- (inserted rows count +1, deleted rows -1, an update both). Writers only insert rollup rows, so
-- concurrent webhook workers never wait on one another's counter; the subscriptions trigger
-- updates the customer's `billing_subscriptions`, a row that customer's own writes lock anyway.
-- The tables are locked first, so no write slips between the backfill and the triggers.
LOCK TABLE "subscriptions", "customers", "invoices" IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE FUNCTION rollup_changes(op text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN 'select n.*, 1 as d from new_rows n'
    WHEN 'DELETE' THEN 'select o.*, -1 as d from old_rows o'
    ELSE 'select n.*, 1 as d from new_rows n union all select o.*, -1 as d from old_rows o'
  END
$$;
--> statement-breakpoint
CREATE FUNCTION subscriptions_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changes text := rollup_changes(TG_OP);
BEGIN
  EXECUTE format($q$
    insert into subscription_counts (organization_id, mode, status, plan_id, billing_cycle, has_customer, subscriptions)
    select organization_id, mode, status, plan_id, billing_cycle, customer_id is not null, sum(d)
    from (%s) c group by 1, 2, 3, 4, 5, 6 having sum(d) <> 0$q$, changes);
  -- The churn base's edges: ever live, and canceled (if at all) after being created.
  EXECUTE format($q$
    insert into subscription_day_counts (organization_id, mode, day, started, ended)
    select organization_id, mode, day, sum(started), sum(ended) from (
      select organization_id, mode, (created_at at time zone 'UTC')::date as day, d as started, 0 as ended from (%1$s) c
        where status <> 'incomplete' and (canceled_at is null or canceled_at > created_at)
      union all
      select organization_id, mode, (canceled_at at time zone 'UTC')::date, 0, d from (%1$s) c
        where status <> 'incomplete' and canceled_at > created_at
    ) e group by 1, 2, 3 having sum(started) <> 0 or sum(ended) <> 0$q$, changes);
  -- Subscriptions still billing, on their customer (of the same organization and mode).
  EXECUTE format($q$
    update customers cu set billing_subscriptions = cu.billing_subscriptions + b.d
    from (select customer_id, organization_id, mode, sum(d) as d from (%s) c
          where customer_id is not null and status not in ('canceled', 'incomplete')
          group by 1, 2, 3 having sum(d) <> 0) b
    where cu.id = b.customer_id and cu.organization_id = b.organization_id and cu.mode = b.mode$q$, changes);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION customers_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$
    insert into customer_tax_counts (organization_id, mode, tax_data_missing, without_tax_id, customers, billing_subscriptions)
    select organization_id, mode, coalesce(tax_data_missing, false), coalesce(not has_tax_id, false), sum(d), sum(d * billing_subscriptions)
    from (%s) c group by 1, 2, 3, 4 having sum(d) <> 0 or sum(d * billing_subscriptions) <> 0$q$, rollup_changes(TG_OP));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION invoices_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$
    insert into invoice_tax_months (organization_id, mode, month, currency, invoices, subtotal, tax, total)
    select organization_id, mode, date_trunc('month', paid_at at time zone 'UTC')::date, currency,
      sum(d), sum(d * subtotal), sum(d * tax), sum(d * total)
    from (%s) c where paid_at is not null group by 1, 2, 3, 4
    having sum(d) <> 0 or sum(d * subtotal) <> 0 or sum(d * tax) <> 0 or sum(d * total) <> 0$q$, rollup_changes(TG_OP));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
-- Backfill, before the triggers exist.
UPDATE "customers" cu SET "billing_subscriptions" = b.n
FROM (SELECT s.customer_id, count(*) AS n FROM "subscriptions" s
      JOIN "customers" c ON c.id = s.customer_id AND c.organization_id = s.organization_id AND c.mode = s.mode
      WHERE s.status NOT IN ('canceled', 'incomplete') GROUP BY 1) b
WHERE cu.id = b.customer_id;
--> statement-breakpoint
INSERT INTO "subscription_counts" (organization_id, mode, status, plan_id, billing_cycle, has_customer, subscriptions)
SELECT organization_id, mode, status, plan_id, billing_cycle, customer_id IS NOT NULL, count(*) FROM "subscriptions" GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO "subscription_day_counts" (organization_id, mode, day, started, ended)
SELECT organization_id, mode, day, sum(started), sum(ended) FROM (
  SELECT organization_id, mode, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS started, 0 AS ended FROM "subscriptions"
    WHERE status <> 'incomplete' AND (canceled_at IS NULL OR canceled_at > created_at)
  UNION ALL
  SELECT organization_id, mode, (canceled_at AT TIME ZONE 'UTC')::date, 0, 1 FROM "subscriptions"
    WHERE status <> 'incomplete' AND canceled_at > created_at
) e GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "customer_tax_counts" (organization_id, mode, tax_data_missing, without_tax_id, customers, billing_subscriptions)
SELECT organization_id, mode, coalesce(tax_data_missing, false), coalesce(NOT has_tax_id, false), count(*), sum(billing_subscriptions)
FROM "customers" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "invoice_tax_months" (organization_id, mode, month, currency, invoices, subtotal, tax, total)
SELECT organization_id, mode, date_trunc('month', paid_at AT TIME ZONE 'UTC')::date, currency, count(*), sum(subtotal), sum(tax), sum(total)
FROM "invoices" WHERE paid_at IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE TRIGGER subscriptions_rollup_insert AFTER INSERT ON "subscriptions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriptions_rollup();
--> statement-breakpoint
CREATE TRIGGER subscriptions_rollup_update AFTER UPDATE ON "subscriptions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriptions_rollup();
--> statement-breakpoint
CREATE TRIGGER subscriptions_rollup_delete AFTER DELETE ON "subscriptions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriptions_rollup();
--> statement-breakpoint
CREATE TRIGGER customers_rollup_insert AFTER INSERT ON "customers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_rollup();
--> statement-breakpoint
CREATE TRIGGER customers_rollup_update AFTER UPDATE ON "customers" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_rollup();
--> statement-breakpoint
CREATE TRIGGER customers_rollup_delete AFTER DELETE ON "customers" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_rollup();
--> statement-breakpoint
CREATE TRIGGER invoices_rollup_insert AFTER INSERT ON "invoices" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoices_rollup();
--> statement-breakpoint
CREATE TRIGGER invoices_rollup_update AFTER UPDATE ON "invoices" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoices_rollup();
--> statement-breakpoint
CREATE TRIGGER invoices_rollup_delete AFTER DELETE ON "invoices" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoices_rollup();
