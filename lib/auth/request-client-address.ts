import "server-only";
import { headers } from "next/headers";
import { clientAddressHeader } from "./client-address";

/** The address of the request being served, as scripts/web-server.ts stamped it; "unknown" without one. */
export async function requestClientAddress(): Promise<string> {
  return (await headers()).get(clientAddressHeader) || "unknown";
}
