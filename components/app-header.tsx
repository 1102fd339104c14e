import Link from "next/link";
import { RunningIndicator } from "./live/running-indicator";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({
  user,
  showNav = true,
  showUsers = false,
  showAlerts = false,
}: {
  user: { name: string; email: string };
  showNav?: boolean;
  /** Only for those who may manage users; the Users page checks this itself too. */
  showUsers?: boolean;
  /** Only for those who configure alerts; the Alerts page checks this itself too. */
  showAlerts?: boolean;
}) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/instances" className="flex items-center gap-2 text-base font-semibold tracking-tight">
          <span
            aria-hidden
            className="inline-block size-6 rounded bg-blue-700 text-center text-sm leading-6 text-white"
          >
            B
          </span>
          Backup Center
        </Link>
        {showNav && (
          <nav aria-label="Main" className="flex gap-1">
            <NavLink href="/instances">Instances</NavLink>
            <NavLink href="/backups">Backup &amp; Restore</NavLink>
            {showUsers && <NavLink href="/users">Users</NavLink>}
            <NavLink href="/audit">Audit log</NavLink>
            {showAlerts && <NavLink href="/alerts">Alerts</NavLink>}
          </nav>
        )}
        <div className="ml-auto flex items-center gap-3 text-sm">
          {showNav && <RunningIndicator />}
          <span className="text-right">
            <span className="block font-medium">{user.name}</span>
            <span className="block text-xs text-slate-600 dark:text-slate-400">{user.email}</span>
          </span>
          <NavLink href="/account">Account</NavLink>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
