// Guards that keep the authorization matrix complete and every public endpoint on the one wrapper:
// - every module under app/ starting with "use server" exports only results of an action wrapper
//   (`defineActionOn(...)` or its shorthands `defineAction(...)`, `defineTenantAction(...)`; for
//   first-run setup only, `definePublicAction(...)`; for the caller's own account,
//   `defineOwnAccountAction(...)`) (the wrappers leave no runtime marker on
//   their result, so this reads the source with the TypeScript compiler API), and no function
//   under app/ or components/ is an inline server action;
// - every export of those modules and every route handler file (route.ts) under app/, with each
//   method it exports, has an entry in tests/support/authorization-table.ts that calls that very export;
// - the table's statement of who holds each permission is what lib/auth/policy.ts grants.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import {
  adminRoles,
  can,
  canOnOwnAccount,
  canOnTenant,
  type Actor,
  type Permission,
  type TenantPermission,
} from "@/lib/auth/policy";
import { authorizationTable } from "./support/authorization-table";
import { permissionHolders } from "./support/permission-holders";

const root = join(import.meta.dirname, "..");

/** Source files under `dir` (relative to the repository, with forward slashes), sorted. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|tsx|js|jsx|mjs)$/.test(file))
    .map((file) => `${dir}/${file.split(sep).join("/")}`)
    .sort();
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.Latest, true);
}

/** The directive prologue of a module or function body: its leading string-literal statements. */
function directives(statements: ts.NodeArray<ts.Statement>): string[] {
  const found: string[] = [];
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    found.push(statement.expression.text);
  }
  return found;
}

const isUseServerModule = (source: ts.SourceFile) => directives(source.statements).includes("use server");

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);

/** The wrappers every server action is built with, by the module that exports each. */
const wrappers = {
  defineActionOn: "define-action-on",
  defineAction: "define-action",
  defineTenantAction: "define-tenant-action",
  definePublicAction: "define-public-action",
  defineOwnAccountAction: "define-own-account-action",
} as const;
type Wrapper = keyof typeof wrappers;
const isWrapper = (name: string): name is Wrapper => Object.hasOwn(wrappers, name);

/** Whether the module imports the wrapper by that name from its lib/actions module. */
function importsWrapper(source: ts.SourceFile, wrapper: Wrapper): boolean {
  return source.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      new RegExp(`(^@/|/)lib/actions/${wrappers[wrapper]}$`).test(statement.moduleSpecifier.text) &&
      !statement.importClause?.isTypeOnly &&
      statement.importClause?.namedBindings !== undefined &&
      ts.isNamedImports(statement.importClause.namedBindings) &&
      statement.importClause.namedBindings.elements.some(
        (element) => element.name.text === wrapper && !element.propertyName && !element.isTypeOnly,
      ),
  );
}

/**
 * What a "use server" module exports, and every export that is not `export const x = defineAction(...)`.
 * Type-only exports are erased and allowed; anything else (functions, classes, let/var, re-exports,
 * default exports, a wrapper that is not the imported one) is a problem.
 */
function inspectServerModule(source: ts.SourceFile): { exports: string[]; problems: string[] } {
  const exports: string[] = [];
  const problems: string[] = [];
  const at = (node: ts.Node) => `line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const imported = (Object.keys(wrappers) as Wrapper[]).filter((wrapper) => importsWrapper(source, wrapper));
  if (imported.length === 0) problems.push("imports no action wrapper from lib/actions");
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
    if (ts.isExportDeclaration(statement)) {
      if (!statement.isTypeOnly) problems.push(`${at(statement)}: re-export "${statement.getText()}"`);
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      problems.push(`${at(statement)}: default export`);
      continue;
    }
    // A local binding named like a wrapper would shadow the import: reject it anywhere at the top level.
    if (ts.isFunctionDeclaration(statement) && statement.name && isWrapper(statement.name.text))
      problems.push(`${at(statement)}: local ${statement.name.text}`);
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(statement))
        for (const d of statement.declarationList.declarations)
          if (isWrapper(d.name.getText())) problems.push(`${at(statement)}: local ${d.name.getText()}`);
      continue;
    }
    if (!ts.isVariableStatement(statement)) {
      const name = (statement as { name?: ts.Identifier }).name?.text ?? "(anonymous)";
      exports.push(name);
      problems.push(`${at(statement)}: export ${name} is not a const built by an action wrapper`);
      continue;
    }
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      const name = declaration.name.getText();
      exports.push(name);
      const init = declaration.initializer;
      const built =
        init !== undefined &&
        ts.isCallExpression(init) &&
        ts.isIdentifier(init.expression) &&
        isWrapper(init.expression.text) &&
        imported.includes(init.expression.text);
      if (!isConst || !built || !ts.isIdentifier(declaration.name))
        problems.push(`${at(declaration)}: export ${name} is not a const built by an action wrapper`);
    }
  }
  return { exports, problems };
}

/** Functions whose body starts with "use server": inline server actions, which bypass the wrappers. */
function inlineServerActions(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body && ts.isBlock(node.body as ts.Node)) {
      if (directives((node.body as ts.Block).statements).includes("use server"))
        found.push(`${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const appFiles = sourceFiles("app");
const serverModules = appFiles.filter((file) => isUseServerModule(parse(file)));
const routeFiles = appFiles.filter((file) => /(^|\/)route\.(ts|tsx|js|jsx|mjs)$/.test(file));
const tableFiles = (kind: "action" | "route") =>
  [
    ...new Set(
      authorizationTable
        .filter(
          (entry) =>
            (kind === "action") ===
            (entry.kind === "action" || entry.kind === "publicAction" || entry.kind === "ownAccount"),
        )
        .map((entry) => entry.file),
    ),
  ].sort();
const namesIn = (file: string) =>
  authorizationTable
    .filter((entry) => entry.file === file)
    .map((entry) => entry.name)
    .sort();
const load = (file: string) => import(/* @vite-ignore */ join(root, file)) as Promise<Record<string, unknown>>;

describe('"use server" modules export only defineAction results', () => {
  test("the scan finds the server action modules", () => {
    expect(serverModules.length).toBeGreaterThan(0);
  });

  test.each(serverModules)("%s", async (file) => {
    const { exports, problems } = inspectServerModule(parse(file));
    expect(problems).toEqual([]);
    // What the module exports at run time is what the source declares, and each is a function.
    const exported = await load(file);
    expect(Object.keys(exported).sort()).toEqual([...exports].sort());
    for (const name of exports) expect(typeof exported[name], name).toBe("function");
  });

  test("no function under app/ or components/ is an inline server action", () => {
    const files = [...appFiles, ...sourceFiles("components")];
    expect(files.flatMap((file) => inlineServerActions(parse(file)))).toEqual([]);
  });

  test("the inspection rejects what it must (self-check on sample sources)", () => {
    const sample = (text: string) =>
      inspectServerModule(ts.createSourceFile("sample.ts", text, ts.ScriptTarget.Latest, true)).problems;
    const header = `"use server";\nimport { defineAction } from "@/lib/actions/define-action";\n`;
    expect(sample(`${header}export const a = defineAction({});\nexport type T = string;`)).toEqual([]);
    const tenantHeader = `"use server";\nimport { defineTenantAction } from "@/lib/actions/define-tenant-action";\n`;
    expect(sample(`${tenantHeader}export const a = defineTenantAction({});`)).toEqual([]);
    // Each wrapper counts only when imported from its own module.
    expect(sample(`${header}export const a = defineTenantAction({});`)).not.toEqual([]);
    expect(
      sample(`${tenantHeader}const defineAction = (x: unknown) => x;\nexport const a = defineTenantAction({});`),
    ).not.toEqual([]);
    for (const bad of [
      "export async function leak() {}",
      "export const leak = async () => 1;",
      "export let a = defineAction({});",
      "export const a = wrap(defineAction({}));",
      'export { helper } from "./helper";',
      "const b = defineAction({});\nexport { b };",
      "export default defineAction({});",
      "export class Leak {}",
      "function defineAction(x: unknown) { return x; }\nexport const a = defineAction({});",
    ])
      expect(sample(`${header}${bad}`), bad).not.toEqual([]);
    expect(sample(`"use server";\nexport const a = defineAction({});`)).not.toEqual([]);
  });
});

describe("the authorization table lists every endpoint", () => {
  test("every server action module, with every export, and the very function it exports", async () => {
    expect(tableFiles("action")).toEqual(serverModules);
    for (const file of serverModules) {
      const exported = await load(file);
      expect(namesIn(file), file).toEqual(Object.keys(exported).sort());
      for (const entry of authorizationTable.filter((e) => e.file === file))
        expect(entry.fn, `${file} ${entry.name}`).toBe(exported[entry.name]);
    }
  });

  test("every route handler file, with every method it exports, and the very function it exports", async () => {
    expect(routeFiles.length).toBeGreaterThan(0);
    expect(tableFiles("route")).toEqual(routeFiles);
    for (const file of routeFiles) {
      const exported = await load(file);
      expect(namesIn(file), file).toEqual(Object.keys(exported).sort());
      for (const entry of authorizationTable.filter((e) => e.file === file)) {
        expect(typeof exported[entry.name], `${file} ${entry.name}`).toBe("function");
        expect(entry.fn, `${file} ${entry.name}`).toBe(exported[entry.name]);
      }
    }
  });

  test("every guarded entry needs a permission on the instance or tenant it names first", () => {
    for (const entry of authorizationTable) {
      if (entry.kind === "public" || entry.kind === "publicAction")
        expect(entry.reason.length, entry.file).toBeGreaterThan(20);
      else if (entry.kind === "callerScoped") {
        expect(entry.reason.length, entry.file).toBeGreaterThan(20);
        expect(existsSync(join(root, entry.coveredBy)), entry.coveredBy).toBe(true);
      }
      // An own-account action's permission holds on the caller's own account and no other.
      else if (entry.kind === "ownAccount") {
        const actor: Actor = { userId: "u", email: "u@example.test", name: "u", assignments: [] };
        expect(canOnOwnAccount(actor, entry.permission, "u"), entry.name).toBe(true);
        expect(canOnOwnAccount(actor, entry.permission, "someone else"), entry.name).toBe(false);
      } else expect(["source", "tenant"], `${entry.file} ${entry.name}`).toContain(entry.needs[0]?.on);
    }
  });
});

describe("the table's permission holders are the policy's", () => {
  const instance = { id: "instance-1", tenantId: "tenant-1" };
  const actorWith = (role: string): Actor => ({
    userId: "u",
    email: "u@example.test",
    name: "u",
    assignments: [
      role === "SystemAdministrator"
        ? { role, tenantId: null, instanceId: instance.id }
        : { role, tenantId: instance.tenantId, instanceId: null },
    ],
  });

  test.each(Object.keys(permissionHolders) as Permission[])("%s", (permission) => {
    const holders: readonly string[] = permissionHolders[permission];
    for (const role of adminRoles)
      expect(can(actorWith(role), permission, instance), role).toBe(holders.includes(role));
    expect(can(actorWith("Auditor"), permission, instance)).toBe(false);
    // A tenant-wide permission is held on the tenant itself by the same roles, except System
    // Administrators, whose role is on one instance: the table must not list them for it.
    if (!permission.startsWith("tenant.")) return;
    for (const role of adminRoles)
      expect(canOnTenant(actorWith(role), permission as TenantPermission, instance.tenantId), role).toBe(
        holders.includes(role),
      );
  });
});
