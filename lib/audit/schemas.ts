// The Audit log's filters as they arrive in the URL (page and CSV export alike).
import { z } from "zod";
import { emptyAsMissing as optional } from "../validation/search-params";
import { idInput, textInput } from "../validation/text";

export const auditOutcomes = ["accepted", "denied", "succeeded", "failed"] as const;
export type AuditOutcomeFilter = (typeof auditOutcomes)[number];

/** A UTC calendar day as a date input sends it. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Use a date like 2026-12-02.", abort: true })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00.000Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "That day doesn't exist.");

/** A page link's position: the time and id of the entry it continues from. */
const cursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[a-z0-9]{1,64}$/, {
    message: "That page link is not valid.",
    abort: true,
  })
  .transform((value, ctx) => {
    const [at, id] = value.split("_") as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || date.toISOString() !== at) {
      ctx.addIssue({ code: "custom", message: "That page link is not valid." });
      return z.NEVER;
    }
    return { at: date, id };
  });

export const auditFilterSchema = z
  .object({
    instance: optional(idInput),
    actor: optional(
      textInput({ max: 254 }).transform((value) => (value.toLowerCase() === "system" ? "System" : value.toLowerCase())),
    ),
    action: optional(
      z
        .string()
        .max(64)
        .regex(/^[a-z]+(\.[a-zA-Z]+)*$/, "Choose an action from the list."),
    ),
    outcome: optional(z.enum(auditOutcomes, "Choose accepted, denied, succeeded or failed.")),
    from: optional(day),
    to: optional(day),
    after: optional(cursor),
    before: optional(cursor),
  })
  .refine((f) => !(f.from && f.to && f.from > f.to), { message: "From must be on or before To.", path: ["to"] })
  .refine((f) => !(f.after && f.before), { message: "That page link is not valid.", path: ["before"] });

export type AuditFilters = z.output<typeof auditFilterSchema>;
export type AuditCursor = NonNullable<AuditFilters["after"]>;

/** The filter fields a URL carries, in the order links write them. */
export const auditFilterFields = ["instance", "actor", "action", "outcome", "from", "to"] as const;
