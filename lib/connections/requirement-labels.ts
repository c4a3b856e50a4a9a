// Stripe names what an account still needs with field paths (`individual.id_number`); merchants
// read plain words. Exact names first, then families by prefix, then the path made readable.

const exact: Record<string, string> = {
  external_account: "Bank account for payouts",
  "tos_acceptance.date": "Acceptance of Stripe's terms of service",
  "tos_acceptance.ip": "Acceptance of Stripe's terms of service",
  business_type: "Business type",
  email: "Account email",
  "business_profile.mcc": "Business category",
  "business_profile.name": "Business name",
  "business_profile.url": "Business website",
  "business_profile.product_description": "Description of what you sell",
  "business_profile.support_phone": "Customer support phone number",
  "settings.payments.statement_descriptor": "Statement descriptor (what buyers see on their card statement)",
  "individual.id_number": "Representative's government ID number",
  "individual.ssn_last_4": "Last 4 digits of the representative's Social Security number",
  "individual.verification.document": "Identity document of the representative",
  "individual.verification.additional_document": "Additional identity document of the representative",
  "individual.email": "Representative's email",
  "individual.phone": "Representative's phone number",
  "individual.political_exposure": "Whether the representative is politically exposed",
  "company.name": "Company legal name",
  "company.tax_id": "Company tax ID",
  "company.phone": "Company phone number",
  "company.owners_provided": "Confirmation that all company owners are listed",
  "company.directors_provided": "Confirmation that all company directors are listed",
  "company.executives_provided": "Confirmation that all company executives are listed",
  "company.verification.document": "Company verification document",
};

const families: [RegExp, string][] = [
  [/^individual\.(first_name|last_name)$/, "Representative's legal name"],
  [/^individual\.dob\./, "Representative's date of birth"],
  [/^individual\.address\./, "Representative's home address"],
  [/^company\.address\./, "Company address"],
  [/^(representative|person_[A-Za-z0-9]+)\.verification\.document$/, "Identity document of a company representative"],
  [/^(representative|person_[A-Za-z0-9]+)\./, "Details of a company representative"],
  [/^(owners|directors|executives)\./, "Details of the company's owners, directors or executives"],
];

export function describeRequirement(key: string): string {
  if (exact[key]) return exact[key];
  for (const [pattern, label] of families) if (pattern.test(key)) return label;
  const words = key.replace(/[._]/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Requirement keys as plain words, one line per distinct label (keys kept for support). */
export function describeRequirements(keys: string[]): { label: string; keys: string[] }[] {
  const byLabel = new Map<string, string[]>();
  for (const key of keys) {
    const label = describeRequirement(key);
    byLabel.set(label, [...(byLabel.get(label) ?? []), key]);
  }
  return [...byLabel].map(([label, grouped]) => ({ label, keys: grouped }));
}

const reasons: Record<string, string> = {
  "requirements.past_due": "Required information is overdue, so Stripe has paused charges or payouts",
  "requirements.pending_verification": "Stripe is verifying the information submitted",
  under_review: "Stripe is reviewing the account",
  listed: "The account matched a prohibited-persons list and is under review",
  platform_paused: "Paused by the platform",
  "action_required.requested_capabilities": "Stripe needs more information for the requested capabilities",
  "rejected.fraud": "Rejected by Stripe: suspected fraud",
  "rejected.incomplete_verification": "Rejected by Stripe: verification was not completed in time",
  "rejected.listed": "Rejected by Stripe: the account matched a prohibited-persons list",
  "rejected.terms_of_service": "Rejected by Stripe: terms of service violation",
  "rejected.other": "Rejected by Stripe",
  other: "Disabled by Stripe; see the account in Stripe's Dashboard",
};

export function describeDisabledReason(reason: string): string {
  return reasons[reason] ?? (reason.startsWith("rejected.platform") ? "Rejected by the platform" : `Disabled (${reason})`);
}
