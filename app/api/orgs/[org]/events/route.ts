// GET /api/orgs/{org}/events — the event log: received events and rejected deliveries, filtered
import { parseQuery } from "@/lib/api/parse";
import { json } from "@/lib/api/respond";
import { withSession } from "@/lib/api/with-session";
import { listEventsQuery } from "@/lib/validations/events";
import { listEvents } from "@/lib/webhooks/events/list-events";

export const GET = withSession<{ org: string }>(async (req, { ctx }) => json(await listEvents({ ctx, input: parseQuery(req, listEventsQuery) })));
