CREATE TYPE "public"."alert_destination_kind" AS ENUM('webhook', 'email');--> statement-breakpoint
CREATE TYPE "public"."alert_min_severity" AS ENUM('critical', 'warning');--> statement-breakpoint
CREATE TYPE "public"."alert_notification_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TABLE "event_replay_items" (
	"replay_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	CONSTRAINT "event_replay_items_replay_id_event_id_pk" PRIMARY KEY("replay_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "event_replays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"filter" jsonb NOT NULL,
	"queued" integer NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_destinations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "alert_destination_kind" NOT NULL,
	"target" text NOT NULL,
	"secret_id" uuid,
	"secret_hint" text,
	"min_severity" "alert_min_severity" DEFAULT 'critical' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"destination_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"alert_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "alert_notification_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "api_version" text;--> statement-breakpoint
ALTER TABLE "event_replay_items" ADD CONSTRAINT "event_replay_items_replay_id_event_replays_id_fk" FOREIGN KEY ("replay_id") REFERENCES "public"."event_replays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_replays" ADD CONSTRAINT "event_replays_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_destinations" ADD CONSTRAINT "alert_destinations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_destinations" ADD CONSTRAINT "alert_destinations_secret_id_vault_secrets_id_fk" FOREIGN KEY ("secret_id") REFERENCES "public"."vault_secrets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_destination_id_alert_destinations_id_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."alert_destinations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_replays_organization_id_created_at_index" ON "event_replays" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "alert_destinations_organization_id_index" ON "alert_destinations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "alert_notifications_status_next_attempt_at_index" ON "alert_notifications" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_notifications_open" ON "alert_notifications" USING btree ("destination_id","mode","alert_id") WHERE resolved_at is null;