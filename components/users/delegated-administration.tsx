import { formatDateTime } from "@/lib/format";
import { actionsColumn, DataTable, tableCardStyles } from "../ui/data-table";
import { DelegationHoldersDialog } from "./delegation-holders-dialog";
import { GrantDelegationDialog } from "./grant-delegation-dialog";
import { RevokeDelegationDialog } from "./revoke-delegation-dialog";

type Partner = { tenantId: string; name: string; grantedAt: Date; holders: number };
type Customer = { tenantId: string; name: string; grantedAt: Date; holderIds: string[] };
type Person = { id: string; name: string; email: string };

/**
 * The tenant's delegated administration, both ways: the partners it granted Delegated Admin
 * (Grant, Revoke), and the customers that granted it to this tenant, with which of its own users
 * hold it (chosen here, by this tenant's Global admins only).
 */
export function DelegatedAdministration({
  tenant,
  partners,
  customers,
  users,
}: {
  tenant: { id: string; name: string };
  partners: Partner[];
  customers: Customer[];
  users: Person[];
}) {
  const nameOf = (id: string) => users.find((u) => u.id === id)?.name ?? "A removed user";
  return (
    <section aria-labelledby="delegation-heading" className="space-y-4">
      <div>
        <h2 id="delegation-heading" className="text-lg font-semibold">
          Delegated administration
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          A partner organisation you grant Delegated Admin manages the instances and backups of {tenant.name}. Its own
          Global admins choose which of their people hold it; they can&apos;t manage your users.
        </p>
        <p className="mt-2 text-sm">
          Your organisation ID, for customers who grant you Delegated Admin:{" "}
          <code
            className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800"
            data-testid="organisation-id"
          >
            {tenant.id}
          </code>
        </p>
      </div>

      <div className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h3 className="font-medium">Partners with Delegated Admin of {tenant.name}</h3>
          <GrantDelegationDialog tenant={tenant} />
        </div>
        {partners.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No partner holds Delegated Admin.</p>
        ) : (
          <div className={tableCardStyles}>
            <DataTable
              caption={`Partners with Delegated Admin of ${tenant.name}`}
              columns={[
                { key: "partner", label: "Partner" },
                { key: "granted", label: "Granted" },
                { key: "holders", label: "Held by" },
                actionsColumn,
              ]}
            >
              {partners.map((partner) => (
                <tr key={partner.tenantId} data-testid="partner-row">
                  <th scope="row" className="px-3 py-3 text-left font-medium">
                    {partner.name}
                  </th>
                  <td className="px-3 py-3">{formatDateTime(partner.grantedAt)}</td>
                  <td className="px-3 py-3">
                    {partner.holders === 1 ? "1 of their users" : `${partner.holders} of their users`}
                  </td>
                  <td className="px-3 py-3 text-right">
                    <RevokeDelegationDialog tenant={tenant} partner={{ id: partner.tenantId, name: partner.name }} />
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </div>

      <div className="space-y-2">
        <h3 className="font-medium">Customers that granted {tenant.name} Delegated Admin</h3>
        {customers.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No customer has granted you Delegated Admin.</p>
        ) : (
          <div className={tableCardStyles}>
            <DataTable
              caption={`Customers that granted ${tenant.name} Delegated Admin`}
              columns={[
                { key: "customer", label: "Customer" },
                { key: "granted", label: "Granted" },
                { key: "holders", label: "Held by" },
                actionsColumn,
              ]}
            >
              {customers.map((customer) => (
                <tr key={customer.tenantId} data-testid="customer-row">
                  <th scope="row" className="px-3 py-3 text-left font-medium">
                    {customer.name}
                  </th>
                  <td className="px-3 py-3">{formatDateTime(customer.grantedAt)}</td>
                  <td className="px-3 py-3">
                    {customer.holderIds.length === 0 ? "Nobody yet" : customer.holderIds.map(nameOf).join(", ")}
                  </td>
                  <td className="px-3 py-3 text-right">
                    <DelegationHoldersDialog
                      tenant={tenant}
                      customer={{ id: customer.tenantId, name: customer.name }}
                      users={users}
                      holderIds={customer.holderIds}
                    />
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </div>
    </section>
  );
}
