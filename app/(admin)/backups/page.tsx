import { requireAdminPage } from "@/lib/auth/session";

export default async function BackupsPage() {
  await requireAdminPage("/backups");
  return <h1 className="text-2xl font-semibold">Backup &amp; Restore</h1>;
}
