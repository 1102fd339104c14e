import { buttonStyles } from "../ui/button-styles";

export type DisabledReason = { id: string; text: string };

/**
 * A row's action button ("Update", "Switch"): named with its instance for screen readers, and when
 * disabled, described by the reason the page shows next to it.
 */
export function InstanceActionButton(props: {
  label: string;
  instanceName: string;
  disabledReason: DisabledReason | null;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={buttonStyles.secondary}
      disabled={!!props.disabledReason}
      aria-describedby={props.disabledReason?.id}
      title={props.disabledReason?.text}
      onClick={props.onClick}
    >
      {props.label}
      <span className="sr-only"> {props.instanceName}</span>
    </button>
  );
}
