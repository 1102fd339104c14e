// The proxy in front of every route: a server action called from another origin is refused with a
// plain 403 before Next.js handles it (Next.js itself would throw and answer 500), other requests
// pass with their CSP, HSTS is sent when the public URL is https, and no cookie is ever set.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, test, vi } from "vitest";

const appUrl = "http://localhost:3000";

/** The proxy as loaded with NEXTAUTH_URL set to `publicUrl` (settings are read once per process). */
async function loadProxy(publicUrl: string) {
  vi.resetModules();
  vi.stubEnv("NEXTAUTH_URL", publicUrl);
  return (await import("@/proxy")).proxy;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

function request(init: { method?: string; path?: string; headers?: Record<string, string> }) {
  return new NextRequest(new URL(init.path ?? "/backups", appUrl), {
    method: init.method ?? "POST",
    headers: { host: "localhost:3000", ...init.headers },
  });
}

/** Passed on to Next.js: NextResponse.next() marks it so. */
const passedOn = (response: Response) => response.headers.get("x-middleware-next") === "1";

describe("server action calls", () => {
  test.each([
    ["another site", { origin: "https://evil.example" }],
    ["another port of the same host", { origin: "http://localhost:4000" }],
    ["another scheme's default port", { origin: "https://localhost" }],
    ["an opaque origin", { origin: "null" }],
    ["an unparsable origin", { origin: "not a url" }],
    [
      "a forwarded host that differs from the origin",
      { origin: "http://localhost:3000", "x-forwarded-host": "admin.contoso.example" },
    ],
  ])("from %s are refused with a plain 403", async (_name, headers) => {
    const proxy = await loadProxy(appUrl);
    const response = proxy(request({ headers: { "next-action": "7f3a", ...headers } }));
    expect(response.status).toBe(403);
    expect(passedOn(response)).toBe(false);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("Cross-origin request refused.\n");
  });

  test.each([
    ["the same origin", { origin: "http://localhost:3000" }],
    [
      "the origin a trusted proxy forwarded for",
      { origin: "https://admin.contoso.example", "x-forwarded-host": "admin.contoso.example, internal:3000" },
    ],
    ["no origin (not a browser: left to Next.js)", {}],
  ])("from %s pass on to Next.js", async (_name, headers) => {
    const proxy = await loadProxy(appUrl);
    const response = proxy(request({ headers: { "next-action": "7f3a", ...headers } }));
    expect(passedOn(response)).toBe(true);
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });

  test.each([
    [
      "a cross-origin form POST without Next-Action (not an action call)",
      { method: "POST", headers: { origin: "https://evil.example" } },
    ],
    ["a navigation from another site", { method: "GET", headers: { origin: "https://evil.example" } }],
    [
      "a GET carrying Next-Action",
      { method: "GET", headers: { origin: "https://evil.example", "next-action": "7f3a" } },
    ],
  ])("%s is not touched", async (_name, init) => {
    const proxy = await loadProxy(appUrl);
    expect(passedOn(proxy(request(init)))).toBe(true);
  });
});

describe("Strict-Transport-Security", () => {
  test("is sent on every response when the public URL is https, refusals included", async () => {
    const proxy = await loadProxy("https://backup.contoso.example");
    const headers = { host: "backup.contoso.example" };
    const page = proxy(request({ method: "GET", headers }));
    const refused = proxy(request({ headers: { ...headers, "next-action": "7f3a", origin: "https://evil.example" } }));
    expect(refused.status).toBe(403);
    for (const response of [page, refused]) {
      expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    }
  });

  test("is not sent when the public URL is http", async () => {
    const proxy = await loadProxy(appUrl);
    expect(proxy(request({ method: "GET" })).headers.get("strict-transport-security")).toBeNull();
  });
});

// The proxy cannot tell a view from a link prefetch (Next.js strips its router headers before the
// proxy sees a request), so it must never remember an instance: the picker does, when shown.
test("opening /backups on an instance sets no cookie: a prefetch would look the same", async () => {
  const proxy = await loadProxy(appUrl);
  const response = proxy(request({ method: "GET", path: "/backups?instance=cm0alpha" }));
  expect(response.headers.get("set-cookie")).toBeNull();
});
