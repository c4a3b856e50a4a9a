import "server-only";
import { dehydrate, type DehydratedState, type QueryKey } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { DomainError } from "@/lib/errors";
import { makeQueryClient } from "./query-client";

/**
 * The server half of a detail page: loads one resource into a fresh query client for
 * `HydrationBoundary`. A resource that does not exist (or belongs to another tenant) is the 404 page.
 */
export async function prefetchOrNotFound(key: QueryKey, load: () => Promise<unknown>): Promise<DehydratedState> {
  const client = makeQueryClient();
  try {
    client.setQueryData(key, await load());
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  }
  return dehydrate(client);
}
