/**
 * An invited address as shown to someone signed in with another account: enough to recognise
 * which of their own addresses to use (`a•••@example.com`), not enough to learn a stranger's.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${email[0]}•••${email.slice(at)}`;
}
