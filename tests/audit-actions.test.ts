// Guard: every action name the code audits has a label in the Audit log's list
// (lib/audit/audit-actions.ts), so the log and its Action filter name it plainly.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { auditActionLabels } from "@/lib/audit/audit-actions";
import { auditActionOf } from "@/lib/operations/fail-operation";

const root = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => readFileSync(join(root, dir, file), "utf8"));
}

test("every audited action name has a label", () => {
  const names = new Set<string>(Object.values(auditActionOf));
  // Action declarations (`name: "backup.create"`) and direct entries (`action: "backup.purge"`).
  for (const text of [...sources("app"), ...sources("lib")])
    for (const match of text.matchAll(/\b(?:name|action): "([a-z]+(?:\.[a-zA-Z]+)+)"/g)) names.add(match[1]!);
  // Server action modules may declare one-word names too (e.g. "setup").
  for (const text of sources("app").filter((t) => t.startsWith('"use server"')))
    for (const match of text.matchAll(/^  name: "([a-z]+(?:\.[a-zA-Z]+)*)"/gm)) names.add(match[1]!);
  expect(names.size).toBeGreaterThan(10);
  const unlabelled = [...names].filter((name) => !Object.hasOwn(auditActionLabels, name));
  expect(unlabelled, "add these to lib/audit/audit-actions.ts").toEqual([]);
});
