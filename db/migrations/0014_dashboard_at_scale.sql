DROP INDEX "subscription_timeline_organization_id_recorded_at_index";--> statement-breakpoint
DROP INDEX "webhook_events_organization_id_mode_received_at_index";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tax_data_missing" boolean GENERATED ALWAYS AS ((case when provider = 'stripe' then
    case when tax_info -> 'locationSufficient' = 'false'::jsonb then true
         when tax_info -> 'locationSufficient' = 'true'::jsonb then false
         else coalesce(tax_info ->> 'country', '') = '' or (upper(tax_info ->> 'country') = 'US' and coalesce(tax_info ->> 'postalCode', '') = '') end
  else not (upper(coalesce(btrim(tax_info ->> 'rfc', E' \t\n\r\f\u000b\u00a0'), '')) ~ '^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$' and coalesce(btrim(tax_info ->> 'taxRegime', E' \t\n\r\f\u000b\u00a0'), '') ~ '^[0-9]{3}$' and coalesce(btrim(tax_info ->> 'postalCode', E' \t\n\r\f\u000b\u00a0'), '') ~ '^[0-9]{5}$') end)) STORED;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "has_tax_id" boolean GENERATED ALWAYS AS ((coalesce(jsonb_array_length(case when jsonb_typeof(tax_info -> 'taxIds') = 'array' then tax_info -> 'taxIds' end), 0) > 0 or coalesce(tax_info ->> 'rfc', '') <> '')) STORED;--> statement-breakpoint
CREATE INDEX "checkouts_subscription_id_index" ON "checkouts" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "customers_tax_data_missing_index" ON "customers" USING btree ("organization_id","mode","created_at") WHERE "customers"."tax_data_missing";--> statement-breakpoint
CREATE INDEX "customers_without_tax_id_index" ON "customers" USING btree ("organization_id","mode") WHERE not "customers"."has_tax_id";--> statement-breakpoint
CREATE INDEX "invoices_subscription_id_index" ON "invoices" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "invoices_paid_index" ON "invoices" USING btree ("organization_id","mode","paid_at","currency","subtotal","tax","total") WHERE "invoices"."paid_at" is not null;--> statement-breakpoint
CREATE INDEX "subscription_timeline_recent_index" ON "subscription_timeline" USING btree ("organization_id","recorded_at","id");--> statement-breakpoint
CREATE INDEX "subscriptions_recent_index" ON "subscriptions" USING btree ("organization_id","mode","updated_at");--> statement-breakpoint
CREATE INDEX "subscriptions_without_customer_index" ON "subscriptions" USING btree ("organization_id","mode") WHERE "subscriptions"."customer_id" is null;--> statement-breakpoint
CREATE INDEX "event_attempts_started_at_index" ON "event_attempts" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "event_attempts_failures_index" ON "event_attempts" USING btree ("started_at") WHERE "event_attempts"."outcome" in ('failed', 'dead');--> statement-breakpoint
CREATE INDEX "webhook_events_log_index" ON "webhook_events" USING btree ("organization_id","mode","received_at","id");--> statement-breakpoint
CREATE INDEX "webhook_events_log_status_index" ON "webhook_events" USING btree ("organization_id","mode","status","received_at","id");--> statement-breakpoint
CREATE INDEX "webhook_events_object_refs_index" ON "webhook_events" USING gin ("object_refs" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "webhook_events_org_provider_event_id_index" ON "webhook_events" USING btree ("organization_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_processed_index" ON "webhook_events" USING btree ("organization_id","mode","processed_at","provider_created_at") WHERE "webhook_events"."processed_at" is not null;--> statement-breakpoint
CREATE INDEX "webhook_events_expired_lease_index" ON "webhook_events" USING btree ("lease_expires_at") WHERE "webhook_events"."status" = 'processing';