import "server-only";
import type { Prisma } from "@prisma/client";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { actionFailure } from "./action-failure";
import type { ActionOutcome, ActionResult } from "./define-action-on";

/**
 * Writes the accepted entry of a public action inside the service's transaction, naming the
 * account the service acted as (e.g. the admin that setup created).
 */
export type PublicAudit = (
  tx: Prisma.TransactionClient,
  entry: { actor: { userId: string; email: string }; tenantId?: string; detail?: string },
) => Promise<void>;

/**
 * A server action that needs no session: only first-run setup, which exists because no account
 * does yet (the service itself refuses once one does). The same steps as defineActionOn's without the
 * session and the permission: zod → service → typed result (actionFailure) → revalidate. Before
 * the service has run there is no actor, so the service writes the accepted entry through `audit`;
 * refusals are logged, not audited: like wrong sign-in passwords they are anonymous and throttled,
 * and must not let anyone fill the audit log.
 */
export function definePublicAction<S extends z.ZodType, T>(config: {
  /** Audit name, e.g. "setup". */
  name: string;
  schema: S;
  run: (ctx: { input: z.output<S>; audit: PublicAudit }) => Promise<ActionOutcome<T>>;
}) {
  return async (rawInput: z.input<S>): Promise<ActionResult<T>> => {
    const parsed = config.schema.safeParse(rawInput);
    if (!parsed.success) return actionFailure(config.name, parsed.error);
    let audited = false;
    const audit: PublicAudit = async (tx, entry) => {
      await recordAudit({ ...entry, action: config.name, outcome: "accepted" }, tx);
      audited = true;
    };
    try {
      const outcome = await config.run({ input: parsed.data, audit });
      if (!audited) console.error(`action ${config.name} committed without its audit entry`);
      revalidatePath("/", "layout");
      return { ok: true, data: outcome.data };
    } catch (error) {
      const failure = actionFailure(config.name, error);
      if (failure.code !== "INTERNAL") console.warn(`action ${config.name} refused: ${failure.error}`);
      return failure;
    }
  };
}
