import { AppHeader } from "@/components/app-header";
import { LiveUpdatesProvider } from "@/components/live/live-updates";
import { canOnAnyTenant } from "@/lib/auth/policy";
import { requireAdminPage } from "@/lib/auth/session";

// The header needs the user. This is not the access check: layouts do not re-run on client
// navigation, so every page calls requireAdminPage itself.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireAdminPage("/instances");
  return (
    <LiveUpdatesProvider>
      <AppHeader
        user={actor}
        showUsers={canOnAnyTenant(actor, "tenant.users.manage")}
        showAlerts={canOnAnyTenant(actor, "tenant.alerts.manage")}
      />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </LiveUpdatesProvider>
  );
}
