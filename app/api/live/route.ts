import { NextResponse, type NextRequest } from "next/server";
import { actorFromSessionToken } from "@/lib/auth/actor-from-session-token";
import { sessionCookieName } from "@/lib/auth/session";
import { liveSnapshotStream } from "@/lib/live/live-snapshot-stream";

// The one live-update path of the UI: every page's LiveUpdatesProvider listens here. It streams
// only what the policy lets the signed-in actor view (see loadLiveSnapshot).
export async function GET(request: NextRequest) {
  const sessionToken = request.cookies.get(sessionCookieName)?.value;
  if (!sessionToken || !(await actorFromSessionToken(sessionToken)))
    return NextResponse.json({ error: "Sign in again." }, { status: 401 });
  return new Response(liveSnapshotStream({ sessionToken, signal: request.signal }), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: Next.js's compression would otherwise hold events back.
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
