CREATE TABLE "webhook_events_archive" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" "provider" NOT NULL,
	"mode" "mode" NOT NULL,
	"account" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"type" text NOT NULL,
	"api_version" text,
	"endpoint_id" uuid,
	"organization_id" uuid,
	"connection_id" uuid,
	"provider_created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"status" "event_status" NOT NULL,
	"decision" text,
	"decision_note" text,
	"last_error" text,
	"attempts" integer NOT NULL,
	"deliveries" integer NOT NULL,
	"object_refs" jsonb NOT NULL,
	"raw_body" text NOT NULL,
	"attempt_log" jsonb NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_archive_key_index" ON "webhook_events_archive" USING btree ("provider","account","provider_event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_archive_org_provider_event_id_index" ON "webhook_events_archive" USING btree ("organization_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_archive_log_index" ON "webhook_events_archive" USING btree ("organization_id","mode","received_at","id");