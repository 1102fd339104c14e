// Integration: the live-updates stream (GET /api/live) and the snapshot it sends carry only what the
// signed-in actor may view, send again only when something changed, and end when the session does.
import { NextRequest } from "next/server";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { GET } from "@/app/api/live/route";
import { prisma } from "@/lib/db";
import { loadLiveSnapshot } from "@/lib/live/load-live-snapshot";
import { startRestoreAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, runQueuedOperations } from "./support/operations";
import { resetSession, sessionCookieName, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

const streams: AbortController[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.abort();
});

async function estate(n: number) {
  const tenantId = (await createTenant(`Live Tenant ${n}`)).id;
  const admin = await createActor(`live-admin${n}@test`, [{ role: "GlobalAdmin", tenantId }]);
  const mine = await createInstance(tenantId, { name: `Live Production ${n}` });
  const hidden = await createInstance(tenantId, { name: `Live Training ${n}` });
  const sysadmin = await createActor(`live-sysadmin${n}@test`, [{ role: "SystemAdministrator", instanceId: mine.id }]);
  await seedRecords(mine.id, { seed: 1, accounts: 4 });
  await seedRecords(hidden.id, { seed: 2, accounts: 4 });
  const ofMine = (await queueBackup(admin, mine, "Quarterly close")).backup;
  const ofHidden = (await queueBackup(admin, hidden, "Secret migration")).backup;
  await runQueuedOperations();
  return { admin, sysadmin, mine, hidden, ofMine, ofHidden };
}

/** Opens the stream as the holder of `cookie` and reads its events, one at a time. */
function openStream(cookie: string | undefined) {
  const abort = new AbortController();
  streams.push(abort);
  const request = new NextRequest("http://localhost/api/live", {
    headers: cookie ? { cookie: `${sessionCookieName}=${cookie}` } : {},
    signal: abort.signal,
  });
  let buffered = "";
  const decoder = new TextDecoder();
  const events = async function* (response: Response) {
    const reader = response.body!.getReader();
    for (;;) {
      const end = buffered.indexOf("\n\n");
      if (end >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        yield block;
        continue;
      }
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
    }
  };
  return { response: GET(request), events };
}

/** The next event that is not a retry hint or a comment: its name and data. */
async function nextEvent(events: AsyncGenerator<string>) {
  // Not for-await: leaving that loop would close the generator, and with it the stream.
  for (let next = await events.next(); !next.done; next = await events.next()) {
    const block = next.value;
    const lines = block.split("\n").filter((line) => !line.startsWith(":") && !line.startsWith("retry:"));
    if (lines.length === 0) continue;
    const name = lines.find((line) => line.startsWith("event: "))?.slice(7) ?? "message";
    const data = lines.find((line) => line.startsWith("data: "))?.slice(6) ?? "";
    return { name, data };
  }
  return null;
}

test("restores to and from an instance outside the actor's scope withhold its name and the label", async () => {
  const { admin, sysadmin, mine, hidden, ofMine, ofHidden } = await estate(1);
  const outbound = await startRestoreAs({ actor: admin, backupId: ofMine.id, targetInstanceId: hidden.id });

  const forSysadmin = await loadLiveSnapshot(sysadmin);
  expect(forSysadmin.operations.find((op) => op.id === outbound.operation.id)).toMatchObject({
    label: "Quarterly close",
    targetName: "another instance",
    instanceIds: [mine.id],
  });
  // The global admin sees both instances, so nothing is withheld and the restore is on both pages.
  const forAdmin = await loadLiveSnapshot(admin);
  expect(forAdmin.operations.find((op) => op.id === outbound.operation.id)).toMatchObject({
    label: "Quarterly close",
    targetName: "Live Training 1",
    instanceIds: [hidden.id, mine.id],
  });
  await runQueuedOperations();

  const inbound = await startRestoreAs({ actor: admin, backupId: ofHidden.id, targetInstanceId: mine.id });
  await prisma.operation.update({ where: { id: inbound.operation.id }, data: { error: "Live Training 1 is gone." } });
  const after = await loadLiveSnapshot(sysadmin);
  expect(after.operations.find((op) => op.id === inbound.operation.id)).toMatchObject({
    label: null,
    backupId: null,
    targetName: "Live Production 1",
    error: "The restore did not complete.",
    instanceIds: [mine.id],
  });
  // Nothing that ran only on the hidden instance (its backup) is in the sysadmin's snapshot.
  const hiddenBackup = await prisma.operation.findFirstOrThrow({ where: { backupId: ofHidden.id, type: "Backup" } });
  expect(after.operations.map((op) => op.id)).not.toContain(hiddenBackup.id);
  expect(JSON.stringify(after)).not.toContain(hidden.id);
});

test("finished operations leave the snapshot a minute after they end", async () => {
  const { admin, ofMine } = await estate(2);
  const backup = await prisma.operation.findFirstOrThrow({ where: { backupId: ofMine.id, type: "Backup" } });
  const ids = async (now: Date) => (await loadLiveSnapshot(admin, now)).operations.map((op) => op.id);
  expect(await ids(new Date(backup.finishedAt!.getTime() + 59_000))).toContain(backup.id);
  expect(await ids(new Date(backup.finishedAt!.getTime() + 61_000))).not.toContain(backup.id);
});

test("a running backup carries records done of total, throughput and an ETA learnt from earlier runs", async () => {
  const { admin, mine } = await estate(3);
  const earlier = await prisma.operation.findFirstOrThrow({ where: { instanceId: mine.id, type: "Backup" } });
  expect(earlier.recordsTotal).toBeGreaterThan(0);
  // The earlier run moved its records at a known rate: 1,000 records a second.
  await prisma.operation.update({
    where: { id: earlier.id },
    data: { recordsTotal: 10_000, startedAt: new Date(earlier.finishedAt!.getTime() - 10_000) },
  });
  const { operation } = await queueBackup(admin, mine, "Running now");
  const now = new Date();
  await prisma.operation.update({
    where: { id: operation.id },
    data: { status: "Running", startedAt: new Date(now.getTime() - 2_000), recordsDone: 2_000, recordsTotal: 20_000 },
  });

  const running = (await loadLiveSnapshot(admin, now)).operations.find((op) => op.id === operation.id);
  // 18,000 records left at 1,000/s, by the earlier run and by this one alike.
  expect(running).toMatchObject({
    status: "Running",
    recordsDone: 2_000,
    recordsTotal: 20_000,
    recordsPerSecond: 1_000,
  });
  expect(running?.etaSeconds).toBe(18);
});

test("the stream refuses a caller without a session", async () => {
  const response = await openStream(undefined).response;
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ error: "Sign in again." });
});

test("the stream sends the actor's snapshot, again when it changes, and ends at sign-out", async () => {
  const { admin, sysadmin, mine, hidden, ofHidden } = await estate(4);
  await startRestoreAs({ actor: admin, backupId: ofHidden.id, targetInstanceId: mine.id });
  await runQueuedOperations();

  const stream = openStream(await signInAs(sysadmin));
  const response = await stream.response;
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events = stream.events(response);

  const first = await nextEvent(events);
  expect(first?.name).toBe("message");
  const snapshot = JSON.parse(first!.data) as Awaited<ReturnType<typeof loadLiveSnapshot>>;
  expect(snapshot).toEqual(JSON.parse(JSON.stringify(await loadLiveSnapshot(sysadmin))));
  // Its own backup and the restore into it, with nothing of the other instance.
  expect(snapshot.operations.map((op) => op.type).sort()).toEqual(["Backup", "Restore"]);
  for (const secret of ["Live Training", "Secret migration", hidden.id, ofHidden.id])
    expect(first!.data).not.toContain(secret);

  const { operation } = await queueBackup(admin, mine, "Seen live");
  const second = await nextEvent(events);
  expect(JSON.parse(second!.data).operations).toContainEqual(
    expect.objectContaining({ id: operation.id, status: "Queued", label: "Seen live", backupId: expect.any(String) }),
  );

  // Signing out everywhere bumps the session version: the next look ends the stream.
  await prisma.user.update({ where: { id: sysadmin.userId }, data: { sessionVersion: { increment: 1 } } });
  expect(await nextEvent(events)).toEqual({ name: "signed-out", data: "{}" });
  expect(await nextEvent(events)).toBeNull();
});
