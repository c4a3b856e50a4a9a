ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_endpoint_id_webhook_endpoints_id_fk";
--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_organization_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_connection_id_provider_connections_id_fk";
