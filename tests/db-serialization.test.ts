// Integration: how the app's one SQLite connection per process is shared (lib/db.ts). A plain write
// made while another caller's transaction is open must not run inside it (and vanish when it rolls
// back), and waiting for another connection's write lock (a restore's) must not freeze the process.
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { prisma } from "@/lib/db";
import { databaseFilePath } from "@/lib/env";

test("a plain write during another caller's transaction survives that transaction's rollback", async () => {
  await prisma.tenant.create({ data: { name: "Existing" } });
  const events: string[] = [];
  let inside!: () => void;
  const transactionOpen = new Promise<void>((resolve) => (inside = resolve));
  let finish!: () => void;
  const mayFinish = new Promise<void>((resolve) => (finish = resolve));

  const rolledBack = prisma
    .$transaction(async (tx) => {
      await tx.tenant.create({ data: { name: "Rolled back" } });
      inside();
      await mayFinish;
      throw new Error("roll back");
    })
    .catch((error: Error) => events.push(`transaction: ${error.message}`));

  await transactionOpen;
  const plainWrite = prisma.$executeRaw`UPDATE "Tenant" SET "name" = 'Renamed outside' WHERE "name" = 'Existing'`.then(
    (count) => events.push(`plain write: ${count}`),
  );
  // Give the plain write every chance to run while the transaction is still open.
  await new Promise((resolve) => setTimeout(resolve, 50));
  finish();
  await Promise.all([rolledBack, plainWrite]);

  expect(events).toEqual(["transaction: roll back", "plain write: 1"]);
  expect(await prisma.tenant.findUnique({ where: { name: "Renamed outside" } })).not.toBeNull();
  expect(await prisma.tenant.findUnique({ where: { name: "Rolled back" } })).toBeNull();
});

test("a write waits for another connection's write lock without freezing the process", async () => {
  // Another connection (as the worker's restore has) takes SQLite's write lock.
  const other = new Database(databaseFilePath());
  other.exec("BEGIN IMMEDIATE");
  other
    .prepare(`INSERT INTO "Tenant" ("id", "name", "createdAt") VALUES ('t-other', 'Other connection', ?)`)
    .run(new Date().toISOString());
  const events: string[] = [];
  const plainWrite = prisma.tenant.create({ data: { name: "Waited" } }).then(() => events.push("plain write"));
  const transaction = prisma
    .$transaction(async (tx) => tx.tenant.create({ data: { name: "Waited in a transaction" } }))
    .then(() => events.push("transaction"));
  // The event loop stays free while both wait: this timer runs and releases the lock.
  await new Promise((resolve) => setTimeout(resolve, 300));
  events.push("lock released");
  other.exec("COMMIT");
  other.close();
  await Promise.all([plainWrite, transaction]);

  expect(events[0]).toBe("lock released");
  expect(events.slice(1).sort()).toEqual(["plain write", "transaction"]);
  expect(
    await prisma.tenant.count({ where: { name: { in: ["Waited", "Waited in a transaction", "Other connection"] } } }),
  ).toBe(3);
});
