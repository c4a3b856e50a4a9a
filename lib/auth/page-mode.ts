import "server-only";
import { cookies } from "next/headers";
import { modeCookie, parseMode } from "@/lib/mode";

/** The mode the signed-in user is looking at (test unless they switched to live). */
export async function getPageMode() {
  return parseMode((await cookies()).get(modeCookie)?.value);
}
