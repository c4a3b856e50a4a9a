DROP INDEX "subscription_timeline_organization_id_recorded_at_index";--> statement-breakpoint
DROP INDEX "webhook_events_organization_id_mode_received_at_index";--> statement-breakpoint
CREATE INDEX "checkouts_subscription_id_index" ON "checkouts" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "invoices_subscription_id_index" ON "invoices" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "invoices_paid_index" ON "invoices" USING btree ("organization_id","mode","paid_at","currency","subtotal","tax","total") WHERE "invoices"."paid_at" is not null;--> statement-breakpoint
CREATE INDEX "subscription_timeline_recent_index" ON "subscription_timeline" USING btree ("organization_id","recorded_at","id");--> statement-breakpoint
CREATE INDEX "subscriptions_recent_index" ON "subscriptions" USING btree ("organization_id","mode","updated_at");--> statement-breakpoint
CREATE INDEX "event_attempts_started_at_index" ON "event_attempts" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "event_attempts_failures_index" ON "event_attempts" USING btree ("started_at") WHERE "event_attempts"."outcome" in ('failed', 'dead');--> statement-breakpoint
CREATE INDEX "webhook_events_log_index" ON "webhook_events" USING btree ("organization_id","mode","received_at","id");--> statement-breakpoint
CREATE INDEX "webhook_events_log_status_index" ON "webhook_events" USING btree ("organization_id","mode","status","received_at","id");--> statement-breakpoint
CREATE INDEX "webhook_events_object_refs_index" ON "webhook_events" USING gin ("object_refs" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "webhook_events_org_provider_event_id_index" ON "webhook_events" USING btree ("organization_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_processed_index" ON "webhook_events" USING btree ("organization_id","mode","processed_at","provider_created_at") WHERE "webhook_events"."processed_at" is not null;--> statement-breakpoint
CREATE INDEX "webhook_events_expired_lease_index" ON "webhook_events" USING btree ("lease_expires_at") WHERE "webhook_events"."status" = 'processing';