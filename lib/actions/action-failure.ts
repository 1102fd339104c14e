import "server-only";
import { z } from "zod";
import { AppError } from "../errors";
import type { ActionResult } from "./define-action-on";

/**
 * What a refused or failed action answers: invalid input field by field, an expected error
 * (AppError) with its message, anything else logged and answered generically, so no internal
 * message reaches the client.
 */
export function actionFailure(name: string, error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof z.ZodError) {
    const fieldErrors = z.flattenError(error).fieldErrors as Record<string, string[]>;
    return { ok: false, code: "VALIDATION", error: "Check the highlighted fields.", fieldErrors };
  }
  if (error instanceof AppError) {
    return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
  }
  console.error(`action ${name} failed`, error);
  return {
    ok: false,
    code: "INTERNAL",
    error: "Something went wrong. Try again, and contact support if it keeps happening.",
  };
}
