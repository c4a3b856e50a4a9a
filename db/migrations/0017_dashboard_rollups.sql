CREATE TABLE "customer_tax_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"tax_data_missing" boolean NOT NULL,
	"without_tax_id" boolean NOT NULL,
	"customers" integer NOT NULL,
	"billing_subscriptions" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_tax_months" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"month" date NOT NULL,
	"currency" text NOT NULL,
	"invoices" integer NOT NULL,
	"subtotal" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"total" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"status" "subscription_status" NOT NULL,
	"plan_id" uuid,
	"billing_cycle" "billing_cycle",
	"has_customer" boolean NOT NULL,
	"subscriptions" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_day_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"day" date NOT NULL,
	"started" integer NOT NULL,
	"ended" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "billing_subscriptions" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_tax_counts_organization_id_mode_index" ON "customer_tax_counts" USING btree ("organization_id","mode");--> statement-breakpoint
CREATE INDEX "invoice_tax_months_organization_id_mode_month_index" ON "invoice_tax_months" USING btree ("organization_id","mode","month");--> statement-breakpoint
CREATE INDEX "subscription_counts_organization_id_mode_index" ON "subscription_counts" USING btree ("organization_id","mode");--> statement-breakpoint
CREATE INDEX "subscription_day_counts_organization_id_mode_day_index" ON "subscription_day_counts" USING btree ("organization_id","mode","day");--> statement-breakpoint
CREATE INDEX "subscriptions_canceled_index" ON "subscriptions" USING btree ("organization_id","mode","canceled_at") WHERE "subscriptions"."canceled_at" is not null;