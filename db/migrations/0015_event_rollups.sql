CREATE TABLE "event_hourly_rollups" (
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"received" integer NOT NULL,
	"deliveries" integer NOT NULL,
	"processed" integer NOT NULL,
	"lag_sum" numeric NOT NULL,
	"lag_histogram" jsonb NOT NULL,
	"failures" integer NOT NULL,
	CONSTRAINT "event_hourly_rollups_organization_id_mode_hour_pk" PRIMARY KEY("organization_id","mode","hour")
);
--> statement-breakpoint
CREATE TABLE "event_rollup_marks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_rollup_marks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"mode" "mode" NOT NULL,
	"hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_rollup_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"rolled_from" timestamp with time zone NOT NULL,
	"rolled_through" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "event_hourly_rollups_hour_index" ON "event_hourly_rollups" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "event_rollup_marks_organization_id_mode_hour_index" ON "event_rollup_marks" USING btree ("organization_id","mode","hour");--> statement-breakpoint
-- Marks the closed hours a write to the inbox changes, for Observability's rollups (see
-- db/schema/event-rollups.ts). Insert-only, and only for hours already over: ingestion and
-- processing write the current hour and add no row. A delete marks before the cascade removes
-- the event's attempts, while their failure hours can still be read.
CREATE FUNCTION "mark_event_rollups"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  open_hour timestamptz := date_bin('1 hour', clock_timestamp(), timestamptz 'epoch');
  r record;
BEGIN
  FOR r IN SELECT * FROM (SELECT OLD AS e WHERE TG_OP <> 'INSERT' UNION ALL SELECT NEW WHERE TG_OP <> 'DELETE') rows LOOP
    CONTINUE WHEN (r.e).organization_id IS NULL;
    INSERT INTO event_rollup_marks (organization_id, mode, hour)
    SELECT DISTINCT (r.e).organization_id, (r.e).mode, date_bin('1 hour', at, timestamptz 'epoch')
    FROM (
      SELECT (r.e).received_at AS at UNION ALL SELECT (r.e).processed_at
      UNION ALL SELECT a.started_at FROM event_attempts a
      WHERE (TG_OP = 'DELETE' OR OLD.organization_id IS DISTINCT FROM NEW.organization_id OR OLD.mode <> NEW.mode)
        AND a.event_id = (r.e).id AND a.outcome IN ('failed', 'dead')
    ) hours
    WHERE at < open_hour;
  END LOOP;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER "webhook_events_rollup_insert" AFTER INSERT ON "webhook_events" FOR EACH ROW
  WHEN (NEW.organization_id IS NOT NULL AND (NEW.received_at < date_bin('1 hour', clock_timestamp(), timestamptz 'epoch') OR NEW.processed_at < date_bin('1 hour', clock_timestamp(), timestamptz 'epoch')))
  EXECUTE FUNCTION "mark_event_rollups"();
--> statement-breakpoint
CREATE TRIGGER "webhook_events_rollup_update" AFTER UPDATE ON "webhook_events" FOR EACH ROW
  WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id OR OLD.mode <> NEW.mode OR OLD.received_at <> NEW.received_at OR OLD.deliveries <> NEW.deliveries
    OR OLD.processed_at IS DISTINCT FROM NEW.processed_at OR OLD.provider_created_at <> NEW.provider_created_at)
  EXECUTE FUNCTION "mark_event_rollups"();
--> statement-breakpoint
CREATE TRIGGER "webhook_events_rollup_delete" BEFORE DELETE ON "webhook_events" FOR EACH ROW
  WHEN (OLD.organization_id IS NOT NULL)
  EXECUTE FUNCTION "mark_event_rollups"();
--> statement-breakpoint
-- A failed attempt counts in its start hour, for its event's organization and mode.
CREATE FUNCTION "mark_attempt_rollups"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_rollup_marks (organization_id, mode, hour)
  SELECT DISTINCT e.organization_id, e.mode, date_bin('1 hour', a.started_at, timestamptz 'epoch')
  FROM (SELECT OLD.event_id, OLD.started_at, OLD.outcome WHERE TG_OP <> 'INSERT' UNION ALL SELECT NEW.event_id, NEW.started_at, NEW.outcome WHERE TG_OP <> 'DELETE') a (event_id, started_at, outcome)
  JOIN webhook_events e ON e.id = a.event_id
  WHERE a.outcome IN ('failed', 'dead') AND e.organization_id IS NOT NULL AND a.started_at < date_bin('1 hour', clock_timestamp(), timestamptz 'epoch');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "event_attempts_rollup_insert" AFTER INSERT ON "event_attempts" FOR EACH ROW
  WHEN (NEW.outcome IN ('failed', 'dead') AND NEW.started_at < date_bin('1 hour', clock_timestamp(), timestamptz 'epoch'))
  EXECUTE FUNCTION "mark_attempt_rollups"();
--> statement-breakpoint
CREATE TRIGGER "event_attempts_rollup_update" AFTER UPDATE ON "event_attempts" FOR EACH ROW
  WHEN ((OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.started_at <> NEW.started_at OR OLD.event_id <> NEW.event_id)
    AND (OLD.outcome IN ('failed', 'dead') OR NEW.outcome IN ('failed', 'dead')))
  EXECUTE FUNCTION "mark_attempt_rollups"();
--> statement-breakpoint
CREATE TRIGGER "event_attempts_rollup_delete" AFTER DELETE ON "event_attempts" FOR EACH ROW
  WHEN (OLD.outcome IN ('failed', 'dead'))
  EXECUTE FUNCTION "mark_attempt_rollups"();
