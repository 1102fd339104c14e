// Rendering a server page's HTML in a test, as the server would send it before hydration.
import { renderToStaticMarkup } from "react-dom/server";

/**
 * next/navigation for rendering pages outside a browser: the pages' client components (dialogs,
 * the picker, the backup grid, live status) need an app router only once they run in a browser.
 * Use as `vi.mock("next/navigation", async (original) => (await import("./support/page-render")).nextNavigationMock(await original()))`.
 */
export function nextNavigationMock<T extends object>(original: T) {
  return {
    ...original,
    useRouter: () => ({ push: () => {}, replace: () => {}, refresh: () => {}, prefetch: () => {} }),
    useSearchParams: () => new URLSearchParams(),
    usePathname: () => "/",
  };
}

/** The HTML of a page component's result. */
export async function renderPage(element: Promise<React.ReactNode>): Promise<string> {
  return renderToStaticMarkup(await element);
}

/** Where a page that called redirect() sends the browser (Next.js carries it in the error's digest). */
export async function redirectTarget(element: Promise<React.ReactNode>): Promise<string> {
  const error = await element.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  const digest = (error as { digest?: unknown } | undefined)?.digest;
  if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT;")) {
    throw new Error("The page did not redirect.", { cause: error });
  }
  return digest.split(";")[2]!;
}
