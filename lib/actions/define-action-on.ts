import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit, type AcceptedRefs, type AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { loadResources, type AuditSubject, type Resources } from "./resources";
import { getActor } from "../auth/session";
import { AppError, type AppErrorCode } from "../errors";
import { prisma } from "../db";
import { actionFailure } from "./action-failure";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode | "INTERNAL"; error: string; fieldErrors?: Record<string, string[]> };

export type ActionOutcome<T> = { data: T };

/** What every action declares besides what it acts on. */
type ActionDeclaration<S extends z.ZodType> = {
  /** Audit name, e.g. "backup.create". */
  name: string;
  schema: S;
  /** Extra detail a refusal's audit entry carries (e.g. the restore target a client asked for). */
  auditDetail?: (input: z.output<S>) => string;
};

export type ActionDefinition<S extends z.ZodType, L, T> = ActionDeclaration<S> & {
  /** Loaded and authorized in order; the first one refused decides the answer. */
  resources: Resources<z.output<S>, L>;
  /** Calls the service, which writes the accepted audit entry with `audit` inside its transaction. */
  run: (ctx: { actor: Actor; input: z.output<S>; audit: AuditAccepted } & L) => Promise<ActionOutcome<T>>;
};

const denials: ReadonlySet<AppErrorCode> = new Set(["NOT_FOUND", "FORBIDDEN", "CONFLICT", "VALIDATION"]);

/**
 * The one shape of every server action, so none can skip a step: session → input validation →
 * each declared resource loaded and authorized once, with its permission → service, handed the
 * loaded rows → typed result → audit → revalidate. defineAction (one instance) and
 * defineTenantAction (one tenant) are shorthands for it. Each exported action is a public POST
 * endpoint: its arguments are untrusted client input.
 */
export function defineActionOn<S extends z.ZodType, L, T>(config: ActionDefinition<S, L, T>) {
  return async (rawInput: z.input<S>): Promise<ActionResult<T>> => {
    const actor = await getActor();
    if (!actor) return { ok: false, code: "UNAUTHENTICATED", error: "Your session has ended. Sign in again." };

    const parsed = config.schema.safeParse(rawInput);
    if (!parsed.success) {
      await recordAudit({
        actor,
        action: config.name,
        outcome: "denied",
        // Top-level field names only: they come from the schema, while deeper keys are the client's text.
        detail: `Invalid input: ${[...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "(input)")))].join(", ")}.`,
      }).catch((auditError) => console.error("audit write failed", auditError));
      return actionFailure(config.name, parsed.error);
    }
    const input = parsed.data;
    // What refusals name: each resource the input has named so far (the first to name an instance wins).
    let subject: AuditSubject = {};
    try {
      const loaded = await loadResources(actor, input, config.resources, (named) => {
        subject = { ...named, ...subject };
      });
      const named = subject;
      let audited = false;
      const audit: AuditAccepted = async (tx, refs: AcceptedRefs = {}) => {
        await recordAudit({ actor, action: config.name, outcome: "accepted", ...named, ...refs }, tx);
        audited = true;
      };
      const outcome = await config.run({ actor, input, audit, ...loaded });
      // Every service is expected to audit in its transaction; never let a change go unaudited.
      if (!audited) {
        console.error(`action ${config.name} committed without its audit entry; writing it now`);
        await audit(prisma).catch((auditError) => console.error("audit write failed", auditError));
      }
      revalidatePath("/", "layout");
      return { ok: true, data: outcome.data };
    } catch (error) {
      const detail = config.auditDetail?.(input);
      if (error instanceof AppError) {
        await recordAudit({
          actor,
          action: config.name,
          outcome: denials.has(error.code) ? "denied" : "failed",
          ...subject,
          detail: [error.message, detail].filter(Boolean).join(" "),
        }).catch((auditError) => console.error("audit write failed", auditError));
        return actionFailure(config.name, error);
      }
      await recordAudit({
        actor,
        action: config.name,
        outcome: "failed",
        ...subject,
        detail: ["Unexpected error.", detail].filter(Boolean).join(" "),
      }).catch((auditError) => console.error("audit write failed", auditError));
      // Logs the error and answers generically.
      return actionFailure(config.name, error);
    }
  };
}
