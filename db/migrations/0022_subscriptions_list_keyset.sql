DROP INDEX "subscriptions_recent_index";--> statement-breakpoint
CREATE INDEX "subscriptions_recent_index" ON "subscriptions" USING btree ("organization_id","mode","updated_at","id");