// GET /api/orgs/{org}/exports/invoices?mode=test|live&month=YYYY-MM&format=csv|json — streamed accounting export
import { exportRoute } from "@/lib/api/export-route";

export const GET = exportRoute("invoices");
