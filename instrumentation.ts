// Runs once when a Next.js server starts: bring the database up (serving the embedded one
// if this process is first), apply migrations, and seed the demo organization outside production.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("@/lib/server/start-server");
  await startServer();
}
