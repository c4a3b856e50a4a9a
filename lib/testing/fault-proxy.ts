import { createServer, connect, type Server, type Socket } from "node:net";

export type Fault = "none" | "hang" | "swallow" | "refuse";

/**
 * A TCP proxy in front of a provider (the sandbox) that can be made to fail the way networks do:
 * `hang` accepts connections and never answers (nothing reaches the provider); `swallow` passes
 * requests on but drops every answer (the provider does the work, the caller never hears of it);
 * `refuse` stops listening (connection refused: nothing is sent). Real sockets, so the SDKs' own
 * timeouts and retries run as they would against a real outage.
 */
export async function startFaultProxy(target: string) {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let fault: Fault = "none";
  let port = 0;
  let server: Server | null = null;

  const onConnection = (client: Socket) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    if (fault === "hang") return;
    const remote = connect(Number(upstream.port), upstream.hostname);
    sockets.add(remote);
    remote.on("close", () => sockets.delete(remote));
    remote.on("error", () => client.destroy());
    client.on("error", () => remote.destroy());
    client.pipe(remote);
    if (fault !== "swallow") remote.pipe(client);
    else remote.resume();
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(onConnection);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    /** Applies to new connections; open ones are cut so no kept-alive socket escapes the fault. */
    async set(next: Fault) {
      for (const socket of sockets) socket.destroy();
      if (next === "refuse" && server) await close();
      if (next !== "refuse" && !server) await listen();
      fault = next;
      // Let clients notice their cut kept-alive sockets before they next reuse one.
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
    stop: close,
  };
}
