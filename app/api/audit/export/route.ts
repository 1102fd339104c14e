import { NextResponse, type NextRequest } from "next/server";
import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { parseAuditFilters } from "@/lib/audit/parse-audit-filters";
import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

// The Audit log's Export CSV: the same filters and scope as the page, streamed as a download.
export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor) return NextResponse.json({ error: "Sign in again." }, { status: 401 });
  try {
    const filters = parseAuditFilters(request.nextUrl.searchParams);
    const body = await exportAuditCsv({ actor, filters });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="audit-log-${day}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND")
      return NextResponse.json({ error: error.message }, { status: 404 });
    if (error instanceof AppError && error.code === "VALIDATION")
      return NextResponse.json({ error: error.message, fieldErrors: error.fieldErrors }, { status: 400 });
    throw error;
  }
}
