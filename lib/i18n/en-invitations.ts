// The invitation page and the invitation email (English); es-invitations.ts mirrors it.

export const enInvitations = {
  invitations: {
    title: "Invitation",
    heading: (org: string) => `Join ${org} on Beacon`,
    organization: "Organization",
    role: "Role",
    invitedBy: "Invited by",
    invitedEmail: "Invitation for",
    expires: "Link expires",
    accept: "Accept invitation",
    accepting: "Joining…",
    invalidTitle: "This link is not valid",
    invalid: "The invitation may have expired, been used or been revoked. Ask the person who invited you for a new link.",
    wrongAccount: (invited: string, current: string) =>
      `This invitation is for ${invited}, and you are signed in as ${current}. Sign out, then sign in or create an account with ${invited} to accept it.`,
    signOut: "Sign out and switch account",
    alreadyMember: (org: string) => `You are already a member of ${org}. Accepting spends the link and keeps your role.`,
    goHome: "Go to Beacon",
    signInHint: "Sign in, or create an account with the invited email, to see and accept this invitation.",
    email: {
      subject: (org: string) => `You are invited to ${org} on Beacon`,
      intro: (inviter: string | null, org: string, role: string) =>
        `${inviter ?? "Someone"} invited you to join ${org} on Beacon as ${role}. Open this link, signed in with this email address (create an account with it if you have none), to accept:`,
      action: "Accept the invitation",
      expires: (when: string) => `The link works once and expires on ${when}.`,
      ignore: "If you did not expect this invitation, ignore this email: nothing happens unless the link is opened and accepted.",
    },
  },
};
