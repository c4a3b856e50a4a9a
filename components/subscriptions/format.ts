export const statusTone = {
  trialing: "blue",
  active: "green",
  past_due: "amber",
  paused: "neutral",
  unpaid: "red",
  incomplete: "amber",
  canceled: "neutral",
} as const;
