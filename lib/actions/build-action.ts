import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit, type AcceptedRefs, type AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { getActor } from "../auth/session";
import { AppError, type AppErrorCode } from "../errors";
import { prisma } from "../db";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode | "INTERNAL"; error: string; fieldErrors?: Record<string, string[]> };

export type ActionOutcome<T> = { data: T };

/** How audit entries name what an action acts on: its instance or its tenant. */
export type AuditSubject = { instanceId?: string; tenantId?: string };

/** What an action declares besides how it finds and authorizes its subject. */
export type ActionDeclaration<S extends z.ZodType> = {
  /** Audit name, e.g. "backup.create". */
  name: string;
  schema: S;
  /** What a refusal's audit entry names besides the subject: the backup, and any other detail. */
  auditRefs?: (input: z.output<S>) => { backupId?: string; detail?: string };
};

type ActionCore<S extends z.ZodType, R, T> = ActionDeclaration<S> & {
  /** The id of the subject the input names (may itself be a scoped lookup that throws NotFoundError). */
  subjectId: (input: z.output<S>) => string | Promise<string>;
  /** Loads the subject only if the actor has the declared permission on it, else throws NotFoundError. */
  authorize: (actor: Actor, id: string) => Promise<R>;
  auditSubject: (id: string) => AuditSubject;
  /** Calls the service, which writes the accepted audit entry with `audit` inside its transaction. */
  run: (ctx: { actor: Actor; input: z.output<S>; subject: R; audit: AuditAccepted }) => Promise<ActionOutcome<T>>;
};

/** What one kind of subject is called in a wrapper's declarations, and how it is found in scope. */
type SubjectKind<K extends "instance" | "tenant", P, R> = {
  key: K;
  /** Loads the subject only if the actor has `permission` on it, else throws NotFoundError. */
  find: (options: { actor: Actor; permission: P; id: string }) => Promise<R>;
};

/**
 * A wrapper's declaration: the permission it needs, `<key>Id` naming the subject from the input,
 * and a `run` that receives the loaded subject as `<key>` (e.g. `instanceId` and `instance`).
 */
export type WrappedAction<K extends string, P, R, S extends z.ZodType, T> = ActionDeclaration<S> & {
  /** Checked against the subject named by the input before `run` is called. */
  permission: P;
  /** Calls the service, which writes the accepted audit entry with `audit` inside its transaction. */
  run: (ctx: { actor: Actor; input: z.output<S>; audit: AuditAccepted } & Record<K, R>) => Promise<ActionOutcome<T>>;
} & Record<`${K}Id`, (input: z.output<S>) => string | Promise<string>>;

/** Makes the action wrapper for one kind of subject (defineAction, defineTenantAction). */
export function actionWrapper<K extends "instance" | "tenant", P, R>(kind: SubjectKind<K, P, R>) {
  return <S extends z.ZodType, T>(config: WrappedAction<K, P, R, S, T>) =>
    buildAction<S, R, T>({
      ...config,
      subjectId: config[`${kind.key}Id`],
      authorize: (actor, id) => kind.find({ actor, permission: config.permission, id }),
      auditSubject: (id) => ({ [`${kind.key}Id`]: id }),
      run: ({ subject, ...ctx }) => config.run({ ...ctx, [kind.key]: subject } as Parameters<typeof config.run>[0]),
    });
}

const denials: ReadonlySet<AppErrorCode> = new Set(["NOT_FOUND", "FORBIDDEN", "CONFLICT", "VALIDATION"]);

/**
 * The one shape of every server action, whatever it acts on, so none can skip a step: session →
 * input validation → declared permission on the subject the input names, loaded and checked once →
 * service → typed result → audit → revalidate. defineAction (instances) and defineTenantAction
 * (tenants) only say what the subject is called and how it is found. Each exported action is a public POST endpoint:
 * its arguments are untrusted client input.
 */
function buildAction<S extends z.ZodType, R, T>(config: ActionCore<S, R, T>) {
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
    // What refusals name: the subject's id once the input has named one.
    let subject: AuditSubject = {};
    try {
      const id = await config.subjectId(input);
      const named = config.auditSubject(id);
      subject = named;
      const loaded = await config.authorize(actor, id);
      let audited = false;
      const audit: AuditAccepted = async (tx, refs: AcceptedRefs = {}) => {
        await recordAudit(
          {
            actor,
            action: config.name,
            outcome: "accepted",
            ...refs,
            ...named,
            instanceId: refs.instanceId ?? named.instanceId,
          },
          tx,
        );
        audited = true;
      };
      const outcome = await config.run({ actor, input, subject: loaded, audit });
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
          ...subject,
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
        ...subject,
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
