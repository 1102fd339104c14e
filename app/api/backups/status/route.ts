import { NextResponse, type NextRequest } from "next/server";
import { listRecentOperations } from "@/lib/backups/list-backups";
import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

// Polled by the Backup & Restore page for live status; asks the same policy as the page.
export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor) return NextResponse.json({ error: "Sign in again." }, { status: 401 });
  const instanceId = request.nextUrl.searchParams.get("instance") ?? "";
  try {
    return NextResponse.json(await listRecentOperations({ actor, instanceId }), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND")
      return NextResponse.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
