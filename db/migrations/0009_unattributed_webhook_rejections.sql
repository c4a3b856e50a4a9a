-- Until now a rejected Stripe delivery was filed under whatever organization its unverified body
-- named. A delivery that verified against nothing belongs to no organization: keep the row (the
-- operators' record), drop the attribution unless it came from an endpoint of that organization.
UPDATE "webhook_rejections" r
SET "organization_id" = NULL
WHERE r."organization_id" IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM "webhook_endpoints" e
    WHERE e."id" = r."endpoint_id" AND e."organization_id" = r."organization_id"
  );
