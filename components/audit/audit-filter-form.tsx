import Link from "next/link";
import { buttonStyles, inputStyles } from "../ui/button-styles";

export type FilterInstance = { id: string; name: string; tenantName: string };
export type FilterValues = Partial<Record<"instance" | "actor" | "action" | "outcome" | "from" | "to", string>>;

const outcomes = [
  { value: "accepted", label: "Accepted" },
  { value: "denied", label: "Denied" },
  { value: "succeeded", label: "Succeeded" },
  { value: "failed", label: "Failed" },
];

/**
 * The Audit log's filters: a plain GET form, so the filters live in the URL and work without
 * JavaScript. `values` are what the URL holds, valid or not, so a bad value can be corrected.
 */
export function AuditFilterForm({
  instances,
  actions,
  values,
  errors,
}: {
  instances: FilterInstance[];
  actions: { value: string; label: string }[];
  values: FilterValues;
  errors: Record<string, string[] | undefined>;
}) {
  const tenants = [...new Set(instances.map((i) => i.tenantName))];
  const field = (name: keyof FilterValues) => ({
    id: `audit-${name}`,
    name,
    className: inputStyles,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `audit-${name}-error` : undefined,
  });
  const error = (name: keyof FilterValues) =>
    errors[name] && (
      <p id={`audit-${name}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
        {errors[name]![0]}
      </p>
    );
  const label = (name: keyof FilterValues, text: string) => (
    <label htmlFor={`audit-${name}`} className="mb-1 block text-sm font-medium">
      {text}
    </label>
  );
  // An action the list does not know (say, from a link) stays selectable, so the form shows it.
  const actionOptions =
    values.action && !actions.some((a) => a.value === values.action)
      ? [...actions, { value: values.action, label: values.action }]
      : actions;

  return (
    <form
      method="get"
      action="/audit"
      aria-label="Filter the audit log"
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto] dark:border-slate-800 dark:bg-slate-900"
    >
      <div>
        {label("instance", "Instance")}
        <select {...field("instance")} defaultValue={values.instance ?? ""}>
          <option value="">All instances</option>
          {tenants.map((tenant) => (
            <optgroup key={tenant} label={tenant}>
              {instances
                .filter((i) => i.tenantName === tenant)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        {error("instance")}
      </div>
      <div>
        {label("actor", "Actor")}
        <input {...field("actor")} type="text" defaultValue={values.actor ?? ""} placeholder="Email or System" />
        {error("actor")}
      </div>
      <div>
        {label("action", "Action")}
        <select {...field("action")} defaultValue={values.action ?? ""}>
          <option value="">All actions</option>
          {actionOptions.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
        {error("action")}
      </div>
      <div>
        {label("outcome", "Outcome")}
        <select {...field("outcome")} defaultValue={values.outcome ?? ""}>
          <option value="">All outcomes</option>
          {outcomes.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {error("outcome")}
      </div>
      <div>
        {label("from", "From (UTC)")}
        <input {...field("from")} type="date" defaultValue={values.from ?? ""} />
        {error("from")}
      </div>
      <div>
        {label("to", "To (UTC)")}
        <input {...field("to")} type="date" defaultValue={values.to ?? ""} />
        {error("to")}
      </div>
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonStyles.primary}>
          Apply
        </button>
        <Link href="/audit" className={buttonStyles.ghost}>
          Clear
        </Link>
      </div>
    </form>
  );
}
