/** The demo owner and organization that `beacon seed` creates and the sign-in page names. */
export const demo = { email: "demo@beacon.test", name: "Demo Merchant", organization: { slug: "demo", name: "Demo Store" } };
