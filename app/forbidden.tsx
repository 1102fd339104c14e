import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { getActor } from "@/lib/auth/session";
import { roleLabels } from "@/lib/auth/policy";

export const metadata: Metadata = { title: "No access" };

export default async function Forbidden() {
  const actor = await getActor();
  const roles = Object.values(roleLabels);
  return (
    <>
      {actor && <AppHeader user={actor} showNav={false} />}
      <main id="main" className="mx-auto max-w-xl px-4 py-16">
        <div className="rounded-xl border border-amber-300 bg-amber-50 p-8 dark:border-amber-800 dark:bg-amber-950">
          <h1 className="text-xl font-semibold">You don&apos;t have access</h1>
          <p className="mt-3 text-sm">
            Backup Center is for administrators. To see or manage backups you need one of these roles:
          </p>
          <ul className="mt-2 list-disc pl-6 text-sm">
            <li>{roles[0]} of the tenant</li>
            <li>{roles[1]} of the instance</li>
            <li>{roles[2]} of the tenant</li>
          </ul>
          <p className="mt-3 text-sm">
            Ask your organization&apos;s global admin to assign you a role, then sign in again.
          </p>
        </div>
      </main>
    </>
  );
}
