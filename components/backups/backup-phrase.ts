/** How the live status names a backup: its label, or no more than whose it is when withheld. */
export function backupPhrase(label: string | null): string {
  return label === null ? "a backup of another instance" : `"${label}"`;
}
