/** A table or column name as an SQL identifier, quoted the way SQLite and PostgreSQL both read. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
