DROP INDEX "invoices_organization_id_mode_provider_created_at_index";--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "first_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "attempt_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "number" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "tax_lines" jsonb;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "payment_method" text;--> statement-breakpoint
CREATE INDEX "invoices_organization_id_mode_provider_created_at_id_index" ON "invoices" USING btree ("organization_id","mode","provider_created_at","id");--> statement-breakpoint
CREATE INDEX "invoices_failed_idx" ON "invoices" USING btree ("organization_id","mode","first_failed_at") WHERE "invoices"."first_failed_at" is not null;--> statement-breakpoint
CREATE INDEX "subscriptions_organization_id_mode_created_at_id_index" ON "subscriptions" USING btree ("organization_id","mode","created_at","id");