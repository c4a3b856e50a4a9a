CREATE TYPE "public"."checkout_request_kind" AS ENUM('create', 'dashboard_create', 'api_confirm', 'dashboard_confirm', 'return');--> statement-breakpoint
CREATE TYPE "public"."checkout_request_outcome" AS ENUM('created', 'replayed', 'conflict_in_flight', 'key_reused_422', 'duplicate_subscription_409', 'error', 'confirmed', 'unchanged');--> statement-breakpoint
CREATE TABLE "checkout_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"kind" "checkout_request_kind" NOT NULL,
	"idempotency_key" text,
	"checkout_id" uuid,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"outcome" "checkout_request_outcome" NOT NULL,
	"status" integer,
	"request_id" text,
	"fingerprint" text,
	"provider_status" text,
	"detail" text,
	"actor_type" "actor_type",
	"actor_id" text,
	"actor_label" text,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkout_requests" ADD CONSTRAINT "checkout_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkout_requests_checkout_id_started_at_index" ON "checkout_requests" USING btree ("checkout_id","started_at");--> statement-breakpoint
CREATE INDEX "checkout_requests_organization_id_mode_idempotency_key_index" ON "checkout_requests" USING btree ("organization_id","mode","idempotency_key");