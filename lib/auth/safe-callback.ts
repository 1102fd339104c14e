// Where to go after sign-in. Browsers read "\" as "/" and drop tabs and newlines, so prefix checks
// on the raw text ("starts with / but not //") can be talked into another host; resolving the
// value as a URL against this app and comparing origins cannot.
const appOrigin = "http://backup-center.invalid";

export const defaultCallback = "/instances";

/** The path, query and hash of `value` when it stays on this app's origin; otherwise the default. */
export function safeCallback(value: string | string[] | undefined | null): string {
  if (typeof value !== "string" || !value.startsWith("/")) return defaultCallback;
  let url: URL;
  try {
    url = new URL(value, appOrigin);
  } catch {
    return defaultCallback;
  }
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as a host.
  if (url.origin !== appOrigin || url.pathname.startsWith("//")) return defaultCallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
