/** Staging tables live beside the real ones, named for the operation that staged them. */
export function stagingTable(stagingId: string, table: string): string {
  // Staging ids are operation ids (cuids); anything else never becomes a table name.
  if (!/^[a-z0-9]{1,64}$/.test(stagingId)) throw new Error(`Invalid staging id: ${stagingId}`);
  return `_staging_${stagingId}_${table}`;
}

/** The staging ids that `tableNames` (every table of the database) hold staged rows for. */
export function stagingIdsAmong(tableNames: readonly string[]): string[] {
  const ids = tableNames.map((name) => /^_staging_([a-z0-9]+)_/.exec(name)?.[1]);
  return [...new Set(ids.filter((id) => id !== undefined))];
}
