import { buttonStyles } from "./button-styles";

/** A form-level error inside a dialog, announced to screen readers. */
export function FormAlert({ children }: { children: React.ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {children}
    </p>
  );
}

/** A dialog's footer: a secondary button that backs out and the confirming button. */
export function DialogActions({
  cancelLabel = "Cancel",
  onCancel,
  confirmLabel,
  onConfirm,
  tone = "primary",
  pending,
  disabled,
}: {
  cancelLabel?: string;
  onCancel: () => void;
  confirmLabel: string;
  /** Without it the confirming button submits the surrounding form. */
  onConfirm?: () => void;
  tone?: "primary" | "danger";
  pending: boolean;
  disabled?: boolean;
}) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" className={buttonStyles.secondary} onClick={onCancel}>
        {cancelLabel}
      </button>
      <button
        type={onConfirm ? "button" : "submit"}
        className={buttonStyles[tone]}
        onClick={onConfirm}
        disabled={pending || disabled}
        aria-busy={pending}
      >
        {confirmLabel}
      </button>
    </div>
  );
}
