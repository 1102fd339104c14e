// For the Prisma CLI only (prisma.config.ts): migrate deploy's schema engine reads PostgreSQL
// catalog columns of type `name` and `"char"`, which @prisma/adapter-pg 6.19 cannot map (Prisma
// issue 27403). Both are text on the wire, so each pooled connection reports them as text.
import pg from "pg";

const catalogTextTypes = new Set([18, 19]);
const textType = 25;

function asText<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as pg.QueryResult | undefined)?.fields ?? []) {
      if (catalogTextTypes.has(field.dataTypeID)) field.dataTypeID = textType;
    }
  }
  return result;
}

export function poolReportingCatalogTypesAsText(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, allowExitOnIdle: true });
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // pool.query calls client.query with a callback; a checked-out client's callers await a promise.
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === "function") {
        return query(...args.slice(0, -1), (error: unknown, result: unknown) =>
          callback(error, error ? result : asText(result)),
        );
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(asText) : pending;
    };
  });
  return pool;
}
