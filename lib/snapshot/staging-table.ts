/** Staging tables live beside the real ones, named for the operation that staged them. */
export function stagingTable(stagingId: string, table: string): string {
  // Staging ids are operation ids (cuids); anything else never becomes a table name.
  if (!/^[a-z0-9]{1,64}$/.test(stagingId)) throw new Error(`Invalid staging id: ${stagingId}`);
  return `_staging_${stagingId}_${table}`;
}
