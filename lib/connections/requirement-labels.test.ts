import { describe, expect, it } from "vitest";
import { describeDisabledReason, describeRequirement, describeRequirements } from "./requirement-labels";

describe("requirements in plain words", () => {
  it.each([
    ["individual.id_number", "Representative's government ID number"],
    ["external_account", "Bank account for payouts"],
    ["tos_acceptance.date", "Acceptance of Stripe's terms of service"],
    ["individual.dob.year", "Representative's date of birth"],
    ["person_1AbC.verification.document", "Identity document of a company representative"],
    ["company.address.postal_code", "Company address"],
    ["settings.card_issuing.tos_acceptance", "Settings card issuing tos acceptance"],
  ])("%s → %s", (key, label) => {
    expect(describeRequirement(key)).toBe(label);
  });

  it("lists one line per label and keeps the keys", () => {
    expect(describeRequirements(["tos_acceptance.date", "tos_acceptance.ip", "external_account"])).toEqual([
      { label: "Acceptance of Stripe's terms of service", keys: ["tos_acceptance.date", "tos_acceptance.ip"] },
      { label: "Bank account for payouts", keys: ["external_account"] },
    ]);
  });

  it("explains disabled reasons, unknown ones included", () => {
    expect(describeDisabledReason("requirements.past_due")).toMatch(/overdue/);
    expect(describeDisabledReason("rejected.platform_fraud")).toBe("Rejected by the platform");
    expect(describeDisabledReason("something_new")).toBe("Disabled (something_new)");
  });
});
