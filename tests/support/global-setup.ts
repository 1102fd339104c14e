// Migrates one template database per run; every test file then starts from its own copy.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export const templateDir = join(process.cwd(), "data", "test-template");

export default function setup() {
  rmSync(templateDir, { recursive: true, force: true });
  mkdirSync(templateDir, { recursive: true });
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${join(templateDir, "template.db")}`, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  return () => rmSync(templateDir, { recursive: true, force: true });
}
