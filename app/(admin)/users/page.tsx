import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { TenantPicker } from "@/components/tenant-picker";
import { AddUserDialog } from "@/components/users/add-user-dialog";
import { DelegatedAdministration } from "@/components/users/delegated-administration";
import { UserActions } from "@/components/users/user-actions";
import { StateBadge } from "@/components/state-badge";
import { actionsColumn, DataTable, tableCardStyles } from "@/components/ui/data-table";
import { requireAdminPage } from "@/lib/auth/session";
import { listInstances } from "@/lib/instances/list-instances";
import { availableCredentialKinds } from "@/lib/users/credential-kinds";
import { setPasswordLinkHours } from "@/lib/users/issue-set-password-token";
import { listDelegations } from "@/lib/users/list-delegations";
import { listManagedTenants } from "@/lib/users/list-managed-tenants";
import { listTenantUsers } from "@/lib/users/list-tenant-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ tenant?: string | string[] }> }) {
  const actor = await requireAdminPage("/users");
  const tenants = await listManagedTenants({ actor });
  // Only Global admins manage users; everyone else with admin access gets the 403 page.
  if (tenants.length === 0) forbidden();
  const wanted = (await searchParams).tenant;
  const tenant = tenants.find((t) => t.id === wanted) ?? tenants[0]!;
  const [users, delegations, instances] = await Promise.all([
    listTenantUsers({ actor, tenant }),
    listDelegations({ actor, tenant }),
    listInstances({ actor }).then((all) => all.filter((i) => i.tenantId === tenant.id)),
  ]);
  const tenantInstances = instances.map(({ id, name }) => ({ id, name }));
  const credentialKinds = availableCredentialKinds();

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            The people of {tenant.name} and what they may administer.{" "}
            {users.length === 1 ? "1 user" : `${users.length} users`}.
          </p>
        </div>
        <AddUserDialog
          tenant={{ id: tenant.id, name: tenant.name }}
          credentialKinds={credentialKinds}
          linkHours={setPasswordLinkHours}
        />
      </div>
      <TenantPicker tenants={tenants} currentId={tenant.id} path="/users" />
      <section aria-labelledby="users-heading" className="space-y-3">
        <h2 id="users-heading" className="sr-only">
          Users of {tenant.name}
        </h2>
        <div className={tableCardStyles}>
          <DataTable
            caption={`Users of ${tenant.name}`}
            columns={[
              { key: "name", label: "Name" },
              { key: "email", label: "E-mail" },
              { key: "roles", label: "Roles" },
              { key: "status", label: "Status" },
              actionsColumn,
            ]}
          >
            {users.map((user) => (
              <tr key={user.id} data-testid="user-row">
                <th scope="row" className="px-3 py-3 text-left font-medium">
                  {user.name}
                  {user.id === actor.userId && (
                    <span className="ml-1 text-xs font-normal text-slate-500 dark:text-slate-400">(you)</span>
                  )}
                </th>
                <td className="px-3 py-3">{user.email}</td>
                <td className="px-3 py-3" data-testid="user-roles">
                  <ul className="space-y-0.5">
                    {user.isGlobalAdmin && <li>Global admin</li>}
                    {user.systemAdministratorOf.length > 0 && (
                      <li>System Administrator of {user.systemAdministratorOf.map((i) => i.name).join(", ")}</li>
                    )}
                    {user.delegatedAdminOf.length > 0 && (
                      <li>Delegated Admin of {user.delegatedAdminOf.map((t) => t.name).join(", ")}</li>
                    )}
                    {!user.isGlobalAdmin &&
                      user.systemAdministratorOf.length === 0 &&
                      user.delegatedAdminOf.length === 0 && (
                        <li className="text-slate-500 dark:text-slate-400">No role</li>
                      )}
                  </ul>
                </td>
                <td className="px-3 py-3" data-testid="user-status">
                  <StateBadge value={user.status} />
                </td>
                <td className="px-3 py-3 text-right whitespace-nowrap">
                  <UserActions
                    tenant={{ id: tenant.id, name: tenant.name }}
                    user={user}
                    isSelf={user.id === actor.userId}
                    instances={tenantInstances}
                    linkHours={setPasswordLinkHours}
                    canResetPassword={credentialKinds.includes("link")}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      </section>
      <DelegatedAdministration
        tenant={{ id: tenant.id, name: tenant.name }}
        partners={delegations.partners}
        customers={delegations.customers}
        users={users.map(({ id, name, email }) => ({ id, name, email }))}
      />
    </div>
  );
}
