/** Remembers which organization "/" opens; only a preference, never an authorization. */
export const lastOrgCookie = "beacon_last_org";
