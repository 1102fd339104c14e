// A process of its own that calls the app's services on request, like one web server process
// would: its own Prisma client and its own database connections. Requests are JSON lines on stdin,
// {"id":1,"at":<epoch ms>,"call":"startRestore","args":{...}}; each waits until `at`, so two hosts
// can be made to act at the same moment, and is answered by one JSON line on stdout.
import { createInterface } from "node:readline";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { switchInstance } from "@/lib/instances/change-instance";
import { deleteBackupAs, editBackupAs, startRestoreAs } from "../../support/backup-services";

type Args = {
  actor: Actor;
  backupId: string;
  instanceId: string;
  targetInstanceId: string;
  label: string;
  notes: string;
  to: "Production" | "Sandbox";
};

const calls: Record<string, (args: Args) => Promise<unknown>> = {
  startRestore: async ({ actor, backupId, targetInstanceId }) =>
    (await startRestoreAs({ actor, backupId, targetInstanceId })).operation.id,
  deleteBackup: async ({ actor, backupId }) => (await deleteBackupAs({ actor, backupId })).id,
  editBackup: async ({ actor, backupId, label, notes }) => (await editBackupAs({ actor, backupId, label, notes })).id,
  // As the Switch action does: the instance is read, then switched if it is still as read.
  switchInstance: async ({ actor, instanceId, to }) =>
    switchInstance({ actor, instance: await prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }), to }),
  requestBackup: async ({ actor, instanceId, label }) => {
    const instance = await prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    return (await requestBackup({ actor, instance, kind: "OnDemand", label })).backup.id;
  },
};

function describeError(error: unknown) {
  if (error instanceof AppError) return { kind: "AppError", code: error.code, message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  return {
    kind: error instanceof Error ? error.name : typeof error,
    code: typeof code === "string" ? code : null,
    message: error instanceof Error ? error.message : String(error),
  };
}

const reply = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

await prisma.$queryRaw`SELECT 1`; // connect before saying ready, so the first call isn't slower
reply({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as { id: number; at?: number; call: string; args: Args };
  void (async () => {
    const call = calls[request.call];
    if (!call)
      return reply({ id: request.id, ok: false, error: { kind: "Unknown", code: null, message: request.call } });
    const wait = (request.at ?? 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      reply({ id: request.id, ok: true, value: await call(request.args) });
    } catch (error) {
      reply({ id: request.id, ok: false, error: describeError(error) });
    }
  })();
}
await prisma.$disconnect();
process.exit(0);
