/** The props that wire an input to its label and to its error message (aria-describedby). */
export type FieldControlProps = {
  id: string;
  name: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
};

/**
 * A labelled form field whose first error (from the form's own check or from the server) is shown
 * under the input and read with it by screen readers.
 */
export function FormField({
  id,
  name,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: (control: FieldControlProps) => React.ReactNode;
}) {
  const error = errors?.[0];
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      {children({ id, name, "aria-invalid": !!error, "aria-describedby": describedBy || undefined })}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
