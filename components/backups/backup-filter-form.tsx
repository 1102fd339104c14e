import Link from "next/link";
import { backupStatusFilters, backupTypeFilters } from "@/lib/backups/backup-filters";
import { buttonStyles, inputStyles } from "../ui/button-styles";
import { FormField } from "../ui/form-field";

export type BackupFilterValues = Partial<Record<"type" | "status", string>>;

/**
 * The backup list's Type and Status filters: a plain GET form, so the filters live in the URL and
 * work without JavaScript; applying them starts again at page 1. `values` are what the URL holds,
 * valid or not, so a bad value is shown next to its explanation.
 */
export function BackupFilterForm({
  instanceId,
  values,
  errors,
}: {
  instanceId: string;
  values: BackupFilterValues;
  errors: Record<string, string[] | undefined>;
}) {
  const filters = [
    { name: "type", label: "Type", any: "All types", options: backupTypeFilters },
    { name: "status", label: "Status", any: "All statuses", options: backupStatusFilters },
  ] as const;
  return (
    <form
      method="get"
      action="/backups"
      aria-label="Filter the backups"
      className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-3 dark:border-slate-800"
    >
      <input type="hidden" name="instance" value={instanceId} />
      {filters.map((filter) => (
        <FormField
          key={filter.name}
          id={`backup-filter-${filter.name}`}
          name={filter.name}
          label={filter.label}
          errors={errors[filter.name]}
        >
          {(control) => (
            <select {...control} className={inputStyles} defaultValue={values[filter.name] ?? ""}>
              <option value="">{filter.any}</option>
              {filter.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ))}
      <button type="submit" className={buttonStyles.secondary}>
        Apply
      </button>
      {(values.type || values.status) && (
        <Link href={`/backups?instance=${encodeURIComponent(instanceId)}`} className={buttonStyles.ghost}>
          Clear filters
        </Link>
      )}
    </form>
  );
}
