ALTER TYPE "public"."webhook_endpoint_kind" ADD VALUE 'stripe_forwarding';--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "secret_hint" text;