// English texts of the on-call operations (part of the `en` dictionary): bulk replay on Events,
// API-version drift on Connections, alert delivery in Settings.

export const enOperations = {
  operations: {
    replay: {
      title: "Replay by filter",
      description: "Choose which events to run again. Beacon shows the plan first: how many, which types and what each would do now. Replayed events go back in the queue, so workers apply each once.",
      open: "Choose events…",
      close: "Close",
      status: "Status",
      statuses: { dead: "Dead (out of retries)", failed: "Failed (waiting for a retry)", ignored: "Ignored" },
      provider: "Provider",
      anyProvider: "Any provider",
      type: "Type starts with",
      from: "Received from",
      to: "Received until",
      objectId: "Object id",
      plan: "Show plan",
      planning: "Planning…",
      run: (n: number) => `Replay ${n} ${n === 1 ? "event" : "events"}`,
      running: "Queueing…",
      nothing: "No events match this filter.",
      planSummary: (n: number, types: number) => `${n} ${n === 1 ? "event" : "events"} of ${types} ${types === 1 ? "type" : "types"} would run again.`,
      capped: (n: number) => `One replay queues the oldest ${n}; run it again for the rest.`,
      columns: { type: "Type", events: "Events", now: "What it would do now" },
      handled: (handlers: string) => `runs: ${handlers}`,
      stillIgnored: "still ignored",
      progress: (settled: number, queued: number) => `Replaying: ${settled} of ${queued} settled…`,
      done: (queued: number) => `Replay finished: ${queued} ${queued === 1 ? "event" : "events"} ran again.`,
      statusCount: { pending: "waiting", processing: "running", processed: "processed", ignored: "ignored", failed: "failed again (retrying)", dead: "dead again" },
    },
  },
};
