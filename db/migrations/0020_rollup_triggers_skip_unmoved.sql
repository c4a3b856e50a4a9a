-- The dashboard rollups' triggers (0018) return at once from an update that moves no column they
-- count, instead of planning and running their delta statements over the transition tables.
CREATE OR REPLACE FUNCTION subscriptions_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changes text := rollup_changes(TG_OP);
BEGIN
  -- An update that moves no counted column (most webhook updates: a new period, a newer state
  -- time) changes no rollup: say so before planning the three statements below.
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.organization_id, n.mode, n.status, n.plan_id, n.billing_cycle, n.customer_id, n.created_at, n.canceled_at)
          IS DISTINCT FROM (o.organization_id, o.mode, o.status, o.plan_id, o.billing_cycle, o.customer_id, o.created_at, o.canceled_at)) THEN
      RETURN NULL;
    END IF;
  END IF;
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
CREATE OR REPLACE FUNCTION customers_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- The same for customers: an upsert that names a customer by id alone updates nothing counted.
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.organization_id, n.mode, n.tax_data_missing, n.has_tax_id, n.billing_subscriptions)
          IS DISTINCT FROM (o.organization_id, o.mode, o.tax_data_missing, o.has_tax_id, o.billing_subscriptions)) THEN
      RETURN NULL;
    END IF;
  END IF;
  EXECUTE format($q$
    insert into customer_tax_counts (organization_id, mode, tax_data_missing, without_tax_id, customers, billing_subscriptions)
    select organization_id, mode, coalesce(tax_data_missing, false), coalesce(not has_tax_id, false), sum(d), sum(d * billing_subscriptions)
    from (%s) c group by 1, 2, 3, 4 having sum(d) <> 0 or sum(d * billing_subscriptions) <> 0$q$, rollup_changes(TG_OP));
  RETURN NULL;
END
$fn$;
