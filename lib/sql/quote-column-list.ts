import { quoteIdentifier } from "./quote-identifier";

/** Column names as a statement's comma-separated list, each quoted. */
export function quoteColumnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(", ");
}
