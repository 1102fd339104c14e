import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";

// Sets a per-request Content-Security-Policy with a fresh nonce (Next.js stamps it on its own
// scripts), HSTS when the app is served over https, and refuses cross-origin server action calls.
// This is not an access boundary: every page, action and route checks the session itself.

/** Two years, subdomains included: the HSTS preload list's minimum. */
const strictTransportSecurity = "max-age=63072000; includeSubDomains";

/** The host a request was addressed to, as Next.js compares it: the first X-Forwarded-Host, else Host. */
function requestHost(headers: Headers): string | undefined {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host") || undefined;
}

/**
 * A server action call (a POST with a Next-Action header) whose Origin names another host: a
 * cross-site request forgery, or a page on another origin. Next.js refuses it too, but only by
 * throwing, which answers 500 and logs an error for every attempt. A call without an Origin is
 * left to Next.js: browsers always send one with a POST, so only hand-made requests lack it.
 */
function isCrossOriginAction(request: NextRequest): boolean {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    // "null" (sandboxed frames, some redirects) and anything unparsable never match.
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  return originHost === "" || originHost !== requestHost(request.headers);
}

export function proxy(request: NextRequest) {
  const config = env();
  const isHttps = config.NEXTAUTH_URL !== undefined && new URL(config.NEXTAUTH_URL).protocol === "https:";

  if (isCrossOriginAction(request)) {
    const refused = new NextResponse("Cross-origin request refused.\n", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
    });
    if (isHttps) refused.headers.set("Strict-Transport-Security", strictTransportSecurity);
    return refused;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const isDev = config.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Toasts and dialogs set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (isHttps) response.headers.set("Strict-Transport-Security", strictTransportSecurity);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
