import "server-only";
import type { Instance } from "@prisma/client";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit, type AcceptedRefs, type AuditAccepted } from "../audit/record-audit";
import type { Actor, Permission } from "../auth/policy";
import { getActor } from "../auth/session";
import { AppError, type AppErrorCode } from "../errors";
import { findInstanceFor } from "../instances/find-instance";
import { prisma } from "../db";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode | "INTERNAL"; error: string; fieldErrors?: Record<string, string[]> };

export type ActionOutcome<T> = { data: T };

type ActionConfig<S extends z.ZodType, T> = {
  /** Audit name, e.g. "backup.create". */
  name: string;
  /** Checked against the instance named by the input before `run` is called. */
  permission: Permission;
  schema: S;
  instanceId: (input: z.output<S>) => string | Promise<string>;
  /** Calls the service, which writes the accepted audit entry with `audit` inside its transaction. */
  run: (ctx: {
    actor: Actor;
    input: z.output<S>;
    instance: Instance;
    audit: AuditAccepted;
  }) => Promise<ActionOutcome<T>>;
  /** What a refusal's audit entry names besides the instance: the backup, and any other subject. */
  auditRefs?: (input: z.output<S>) => { backupId?: string; detail?: string };
};

const denials: ReadonlySet<AppErrorCode> = new Set(["NOT_FOUND", "FORBIDDEN", "CONFLICT", "VALIDATION"]);

/**
 * Every server action is built here, so none can skip a step: session → input validation →
 * declared permission on the instance → service → typed result → audit → revalidate.
 * Each exported action is a public POST endpoint: its arguments are untrusted client input.
 */
export function defineAction<S extends z.ZodType, T>(config: ActionConfig<S, T>) {
  return async (rawInput: z.input<S>): Promise<ActionResult<T>> => {
    const actor = await getActor();
    if (!actor) return { ok: false, code: "UNAUTHENTICATED", error: "Your session has ended. Sign in again." };

    const parsed = config.schema.safeParse(rawInput);
    if (!parsed.success) {
      const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
      await recordAudit({
        actor,
        action: config.name,
        outcome: "denied",
        // Top-level field names only: they come from the schema, while deeper keys are the client's text.
        detail: `Invalid input: ${[...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "(input)")))].join(", ")}.`,
      }).catch((auditError) => console.error("audit write failed", auditError));
      return { ok: false, code: "VALIDATION", error: "Check the highlighted fields.", fieldErrors };
    }
    const input = parsed.data;
    let instanceId: string | undefined;
    try {
      instanceId = await config.instanceId(input);
      const instance = await findInstanceFor({ actor, permission: config.permission, instanceId });
      let audited = false;
      const audit: AuditAccepted = async (tx, refs: AcceptedRefs = {}) => {
        await recordAudit(
          { actor, action: config.name, outcome: "accepted", ...refs, instanceId: refs.instanceId ?? instance.id },
          tx,
        );
        audited = true;
      };
      const outcome = await config.run({ actor, input, instance, audit });
      // Every service is expected to audit in its transaction; never let a change go unaudited.
      if (!audited) {
        console.error(`action ${config.name} committed without its audit entry; writing it now`);
        await audit(prisma).catch((auditError) => console.error("audit write failed", auditError));
      }
      revalidatePath("/", "layout");
      return { ok: true, data: outcome.data };
    } catch (error) {
      const refs = config.auditRefs?.(input) ?? {};
      if (error instanceof AppError) {
        await recordAudit({
          actor,
          action: config.name,
          outcome: denials.has(error.code) ? "denied" : "failed",
          instanceId,
          backupId: refs.backupId,
          detail: [error.message, refs.detail].filter(Boolean).join(" "),
        }).catch((auditError) => console.error("audit write failed", auditError));
        return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
      }
      console.error(`action ${config.name} failed`, error);
      await recordAudit({
        actor,
        action: config.name,
        outcome: "failed",
        instanceId,
        backupId: refs.backupId,
        detail: ["Unexpected error.", refs.detail].filter(Boolean).join(" "),
      }).catch((auditError) => console.error("audit write failed", auditError));
      return {
        ok: false,
        code: "INTERNAL",
        error: "Something went wrong. Try again, and contact support if it keeps happening.",
      };
    }
  };
}
