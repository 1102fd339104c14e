import "server-only";
import type { Prisma } from "@prisma/client";
import { quoteIdentifier } from "../sql/quote-identifier";
import { quoteColumnList } from "../sql/quote-column-list";
import type { ColumnValueType, TableSpec } from "./snapshot-driver";
import { stagingTable } from "./staging-table";

/**
 * Inside the caller's transaction: replaces every row of `instanceId` with the rows staged under
 * `stagingId` and drops the staging tables. The SQL both databases run; they differ only in how a
 * statement names its parameter and how a staged column becomes a table value.
 */
export async function swapInStaged(
  tx: Prisma.TransactionClient,
  options: {
    stagingId: string;
    instanceId: string;
    tables: readonly TableSpec[];
    /** The instance id's placeholder: `?` or `$1`. */
    parameter: string;
    stagedValue: (column: string, valueType: ColumnValueType) => string;
  },
): Promise<void> {
  const { stagingId, instanceId, tables, parameter } = options;
  // Children first, so foreign keys hold at every step.
  for (const { table } of [...tables].reverse()) {
    await tx.$executeRawUnsafe(`DELETE FROM ${quoteIdentifier(table)} WHERE "instanceId" = ${parameter}`, instanceId);
  }
  for (const { table, columns, valueTypes } of tables) {
    const values = columns.map((column, i) => options.stagedValue(column, valueTypes[i]!));
    await tx.$executeRawUnsafe(
      `INSERT INTO ${quoteIdentifier(table)} ("instanceId", ${quoteColumnList(columns)}) SELECT ${parameter}, ${values.join(", ")} FROM ${quoteIdentifier(stagingTable(stagingId, table))}`,
      instanceId,
    );
  }
  for (const { table } of tables) {
    await tx.$executeRawUnsafe(`DROP TABLE ${quoteIdentifier(stagingTable(stagingId, table))}`);
  }
}
