import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { Mode, Provider } from "@/db/schema";

// What the Revenue page reads, for one organization in one mode, computed in PostgreSQL.
//
// MRR is Beacon's own model: a subscription contributes its plan's price for its billing cycle
// (yearly ÷ 12, rounded to the cent) at the end of a month when its status then was `active` or
// `past_due`. The status, plan and cycle at that instant come from the subscription's timeline
// (the newest entry before the month's end; before the first entry, that entry's `from`), so a
// month's figure is what Beacon knew had happened by then, by the provider's clock. Each
// subscription's MRR at the end of a month against the end of the month before is one movement:
//   new           0 → >0, and the subscription was never live before this month
//   reactivation  0 → >0, live in some earlier month
//   expansion     >0 → more;  contraction  >0 → less (still >0)
//   churn         >0 → 0; `involuntary` when it has a failed invoice never paid (dunning ran out)
// Work is bounded by the window (≤ 25 month ends) × the subscriptions live in it, each state an
// index lookup on subscription_timeline (subscription_id, occurred_at).

export type Movement = "new" | "expansion" | "contraction" | "churn" | "reactivation";
export const movements: Movement[] = ["new", "expansion", "contraction", "churn", "reactivation"];
export type RecoveryOutcome = "failed" | "recovered" | "churned" | "pending";

export interface Window {
  organizationId: string;
  mode: Mode;
  /** First day (UTC) of the first month shown. */
  from: Date;
  /** First day (UTC) of the last month shown. */
  to: Date;
}

const int = (value: unknown) => Number(value ?? 0);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The value of a tracked field at `at`: the newest entry before it, else the first later entry's `from`, else the row's. */
const valueAt = (field: string, at: SQL, current: SQL) => sql`(coalesce(
  (select array[t.to_value] from subscription_timeline t where t.subscription_id = s.id and t.field = ${field} and t.occurred_at < ${at}
    order by t.occurred_at desc, t.id desc limit 1),
  (select array[t.from_value] from subscription_timeline t where t.subscription_id = s.id and t.field = ${field} and t.occurred_at >= ${at}
    order by t.occurred_at, t.id limit 1),
  array[${current}::text]))[1]`;

/** One row per subscription and month: its MRR at the month's end and the movement from the month before. */
function monthlyMovements(w: Window) {
  const baseline = new Date(Date.UTC(w.from.getUTCFullYear(), w.from.getUTCMonth() - 1, 1));
  return sql`
    with bounds as (
      select m as month_start, m + interval '1 month' as month_end
      from generate_series(${ts(baseline)}, ${ts(w.to)}, interval '1 month') m
    ),
    subs as (
      select s.id, s.provider, s.plan_id, s.billing_cycle,
        (select min(t.occurred_at) from subscription_timeline t
          where t.subscription_id = s.id and t.field = 'status' and t.to_value in ('active', 'past_due')) as first_live_at
      from subscriptions s
      where s.organization_id = ${w.organizationId} and s.mode = ${w.mode}
        and (s.status <> 'canceled' or s.state_at >= ${ts(baseline)})
    ),
    state as (
      select s.id, s.provider, s.first_live_at, b.month_start, b.month_end,
        (select t.to_value from subscription_timeline t where t.subscription_id = s.id and t.field = 'status' and t.occurred_at < b.month_end
          order by t.occurred_at desc, t.id desc limit 1) as status,
        ${valueAt("plan", sql`b.month_end`, sql`s.plan_id`)} as plan_id,
        ${valueAt("billing_cycle", sql`b.month_end`, sql`s.billing_cycle`)} as cycle
      from subs s cross join bounds b
      where s.first_live_at is not null and s.first_live_at < ${ts(new Date(Date.UTC(w.to.getUTCFullYear(), w.to.getUTCMonth() + 1, 1)))}
    ),
    priced as (
      select st.*, p.currency,
        case when st.status not in ('active', 'past_due') then 0
             when st.cycle = 'yearly' then round(pp.unit_amount / 12.0)::int
             else coalesce(pp.unit_amount, 0) end as mrr
      from state st
      left join plans p on p.id = st.plan_id::uuid
      left join plan_prices pp on pp.plan_id = st.plan_id::uuid and pp.billing_cycle::text = coalesce(st.cycle, 'monthly')
    ),
    moved as (
      select pr.*, coalesce(pr.currency, lag(pr.currency) over w) as cur,
        coalesce(lag(pr.mrr) over w, 0) as prev_mrr
      from priced pr
      window w as (partition by pr.id order by pr.month_start)
    )
    select m.id as subscription_id, m.provider, m.cur as currency, to_char(m.month_start, 'YYYY-MM') as month, m.mrr, m.prev_mrr,
      case
        when m.prev_mrr = 0 and m.mrr > 0 then case when m.first_live_at >= m.month_start then 'new' else 'reactivation' end
        when m.prev_mrr > 0 and m.mrr = 0 then 'churn'
        when m.mrr > m.prev_mrr then 'expansion'
        when m.mrr < m.prev_mrr then 'contraction'
      end as movement,
      (m.prev_mrr > 0 and m.mrr = 0 and exists (
        select 1 from invoices i where i.subscription_id = m.id and i.first_failed_at < m.month_end and i.paid_at is null and i.status <> 'void'
      )) as involuntary
    from moved m
    where m.month_start >= ${ts(w.from)}`;
}

export interface MonthFigures {
  provider: Provider;
  currency: string;
  month: string;
  mrr: number;
  subscriptions: number;
  movements: Record<Movement, { count: number; amount: number }>;
  involuntaryChurn: { count: number; amount: number };
}

/** MRR and its movements per provider, currency and month (months with no MRR and no movement are left out). */
export async function mrrByMonth(db: DbOrTx, w: Window): Promise<MonthFigures[]> {
  const rows = await db.execute<Record<string, string | number | null>>(sql`
    select provider, currency, month,
      sum(mrr) as mrr, count(*) filter (where mrr > 0) as subscriptions,
      ${sql.raw(
        movements
          .map((m) => `count(*) filter (where movement = '${m}') as ${m}_count, coalesce(sum(mrr - prev_mrr) filter (where movement = '${m}'), 0) as ${m}_amount`)
          .join(", "),
      )},
      count(*) filter (where involuntary) as involuntary_count, coalesce(sum(mrr - prev_mrr) filter (where involuntary), 0) as involuntary_amount
    from (${monthlyMovements(w)}) mv
    where currency is not null
    group by provider, currency, month
    having sum(mrr) > 0 or count(movement) > 0
    order by month, provider, currency`);
  return rows.map((r) => ({
    provider: r.provider as Provider,
    currency: String(r.currency),
    month: String(r.month),
    mrr: int(r.mrr),
    subscriptions: int(r.subscriptions),
    movements: Object.fromEntries(movements.map((m) => [m, { count: int(r[`${m}_count`]), amount: int(r[`${m}_amount`]) }])) as MonthFigures["movements"],
    involuntaryChurn: { count: int(r.involuntary_count), amount: int(r.involuntary_amount) },
  }));
}

export interface Slice {
  provider: Provider;
  currency: string;
  month: string;
}

/** The subscriptions behind one figure: `mrr` (live at the month's end), a movement, or `involuntary` churn. */
export async function subscriptionsBehindMovement(db: DbOrTx, w: Window, slice: Slice, figure: Movement | "mrr" | "involuntary", limit: number) {
  const filter =
    figure === "mrr" ? sql`mv.mrr > 0` : figure === "involuntary" ? sql`mv.involuntary` : sql`mv.movement = ${figure}`;
  const rows = await db.execute<Record<string, string | number | null>>(sql`
    select mv.subscription_id, mv.mrr, mv.prev_mrr, s.provider_subscription_id, s.status, c.email, c.provider_customer_id
    from (${monthlyMovements(w)}) mv
    join subscriptions s on s.id = mv.subscription_id
    left join customers c on c.id = s.customer_id
    where mv.provider = ${slice.provider} and mv.currency = ${slice.currency} and mv.month = ${slice.month} and ${filter}
    order by abs(mv.mrr - mv.prev_mrr) desc, mv.subscription_id
    limit ${limit}`);
  return rows.map((r) => ({
    ...subscriptionOf(r),
    mrr: int(r.mrr),
    previousMrr: int(r.prev_mrr),
  }));
}

/** The subscription columns every drill-down row starts with. */
const subscriptionOf = (r: Record<string, string | number | null>) => ({
  subscriptionId: String(r.subscription_id),
  providerSubscriptionId: String(r.provider_subscription_id),
  status: String(r.status),
  customerEmail: r.email === null ? null : String(r.email),
  providerCustomerId: r.provider_customer_id === null ? null : String(r.provider_customer_id),
});

// Failed renewals: invoices of a subscription that was already live (or trialing) when their
// first payment attempt failed, by the month of that failure. Recovered when later paid —
// on attempt `attempt_count` (attempt 1 is the renewal itself, 2 the first retry) after
// paid_at − first_failed_at; churned when never paid and the subscription ended; else pending.
const failedRenewalRows = (w: Window) => sql`
  select i.id as invoice_id, i.subscription_id, i.provider, i.currency, i.total, i.attempt_count, i.first_failed_at, i.paid_at,
    to_char(date_trunc('month', i.first_failed_at at time zone 'UTC'), 'YYYY-MM') as month,
    extract(epoch from (i.paid_at - i.first_failed_at))::bigint as seconds,
    case when i.paid_at is not null then 'recovered'
         when s.status in ('canceled', 'unpaid') or i.status in ('uncollectible', 'void') then 'churned'
         else 'pending' end as outcome
  from invoices i
  join subscriptions s on s.id = i.subscription_id
  where i.organization_id = ${w.organizationId} and i.mode = ${w.mode} and i.first_failed_at is not null
    and i.first_failed_at >= ${ts(w.from)} and i.first_failed_at < ${ts(new Date(Date.UTC(w.to.getUTCFullYear(), w.to.getUTCMonth() + 1, 1)))}
    and exists (select 1 from subscription_timeline t where t.subscription_id = i.subscription_id and t.field = 'status'
      and t.to_value in ('active', 'past_due', 'trialing') and t.occurred_at < i.first_failed_at)`;

export interface RecoveryFigures {
  provider: Provider;
  currency: string;
  month: string;
  failed: { count: number; amount: number };
  recovered: { count: number; amount: number; medianSeconds: number | null };
  churned: { count: number; amount: number };
  pending: { count: number; amount: number };
  /** Recovered renewals by the attempt that paid them (2 = the first retry). */
  byAttempt: { attempt: number; count: number; amount: number; medianSeconds: number }[];
}

export async function failedRenewals(db: DbOrTx, w: Window): Promise<RecoveryFigures[]> {
  const [totals, attempts] = await Promise.all([
    db.execute<Record<string, string | number | null>>(sql`
      select provider, currency, month, count(*) as failed_count, sum(total) as failed_amount,
        ${sql.raw(
          (["recovered", "churned", "pending"] as const)
            .map((o) => `count(*) filter (where outcome = '${o}') as ${o}_count, coalesce(sum(total) filter (where outcome = '${o}'), 0) as ${o}_amount`)
            .join(", "),
        )},
        percentile_disc(0.5) within group (order by seconds) filter (where outcome = 'recovered') as median_seconds
      from (${failedRenewalRows(w)}) f
      group by provider, currency, month
      order by month, provider, currency`),
    db.execute<Record<string, string | number | null>>(sql`
      select provider, currency, month, attempt_count, count(*) as n, sum(total) as amount,
        percentile_disc(0.5) within group (order by seconds) as median_seconds
      from (${failedRenewalRows(w)}) f
      where outcome = 'recovered'
      group by provider, currency, month, attempt_count
      order by attempt_count`),
  ]);
  return totals.map((r) => ({
    provider: r.provider as Provider,
    currency: String(r.currency),
    month: String(r.month),
    failed: { count: int(r.failed_count), amount: int(r.failed_amount) },
    recovered: { count: int(r.recovered_count), amount: int(r.recovered_amount), medianSeconds: r.median_seconds === null ? null : int(r.median_seconds) },
    churned: { count: int(r.churned_count), amount: int(r.churned_amount) },
    pending: { count: int(r.pending_count), amount: int(r.pending_amount) },
    byAttempt: attempts
      .filter((a) => a.provider === r.provider && a.currency === r.currency && a.month === r.month)
      .map((a) => ({ attempt: int(a.attempt_count), count: int(a.n), amount: int(a.amount), medianSeconds: int(a.median_seconds) })),
  }));
}

/** The subscriptions behind one recovery figure (optionally recovered on one attempt). */
export async function subscriptionsBehindRecovery(db: DbOrTx, w: Window, slice: Slice, outcome: RecoveryOutcome, attempt: number | null, limit: number) {
  const rows = await db.execute<Record<string, string | number | null>>(sql`
    select f.subscription_id, f.invoice_id, f.total, f.attempt_count, f.seconds, f.outcome, s.provider_subscription_id, s.status, c.email, c.provider_customer_id
    from (${failedRenewalRows(w)}) f
    join subscriptions s on s.id = f.subscription_id
    left join customers c on c.id = s.customer_id
    where f.provider = ${slice.provider} and f.currency = ${slice.currency} and f.month = ${slice.month}
      ${outcome === "failed" ? sql`` : sql`and f.outcome = ${outcome}`}
      ${attempt === null ? sql`` : sql`and f.attempt_count = ${attempt}`}
    order by f.first_failed_at, f.invoice_id
    limit ${limit}`);
  return rows.map((r) => ({
    ...subscriptionOf(r),
    invoiceTotal: int(r.total),
    attempt: int(r.attempt_count),
    recoveredAfterSeconds: r.seconds === null ? null : int(r.seconds),
    outcome: String(r.outcome),
  }));
}

/** Live subscriptions whose plan Beacon does not know (a price not synced to a Beacon plan): left out of MRR. */
export async function unpricedLiveSubscriptions(db: DbOrTx, organizationId: string, mode: Mode): Promise<number> {
  const [row] = await db.execute<{ n: string | number }>(sql`
    select count(*) as n from subscriptions
    where organization_id = ${organizationId} and mode = ${mode} and status in ('active', 'past_due') and plan_id is null`);
  return int(row?.n);
}

/** The newest provider time Beacon holds for the organization's subscriptions (the default end of the window). */
export async function latestStateAt(db: DbOrTx, organizationId: string, mode: Mode): Promise<Date | null> {
  const [row] = await db.execute<{ at: string | Date | null }>(
    sql`select max(state_at) as at from subscriptions where organization_id = ${organizationId} and mode = ${mode}`,
  );
  return row?.at ? new Date(row.at) : null;
}
