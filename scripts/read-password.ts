// The password for create-admin: typed twice on a terminal with nothing echoed (the `read`
// package, npm's own prompt), or the first line of stdin when it is a pipe or a file
// (`printf '%s\n' "$PASSWORD" | npm run create-admin -- …`).
import { createInterface } from "node:readline";
import { read } from "read";

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return "";
}

/** The password, or null when the two typed ones differ. */
export async function readPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) return firstLine();
  const ask = (prompt: string) => read({ prompt, silent: true, replace: "", output: process.stderr });
  const password = await ask("Password: ");
  const again = await ask("Password again: ");
  return password === again ? password : null;
}
