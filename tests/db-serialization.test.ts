// Integration: Prisma shares one SQLite connection per process, and the adapter serializes only
// transactions. A plain write made while another caller's interactive transaction is open must not
// run inside it (and vanish when it rolls back): it waits for the transaction to end instead.
import { expect, test } from "vitest";
import { prisma } from "@/lib/db";

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
