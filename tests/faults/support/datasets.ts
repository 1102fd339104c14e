// Random instance contents for round trips: valid records (foreign keys hold) whose values sit at
// the edges: empty and long text, astral characters and emoji sequences, JSON's special characters,
// control characters, NULL wherever a column allows it, the Int range's ends, the DateTime range's ends.
import { entities } from "@/lib/records/entities";
import type { Random } from "./prng";

export type Dataset = Record<string, Record<string, unknown>[]>;

/** The longest value the app accepts for an editable field (app/(admin)/instances/[instanceId]/data/actions.ts). */
export const editableMaxLength = 200;

const texts = [
  "",
  " ",
  "  leading and trailing  ",
  "Contoso Ltd",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝄞 🀄 𠜎𠜱 (astral)",
  "👩‍👩‍👧‍👦 🏳️‍🌈 🇺🇳 👍🏽 🧑🏿‍🚀",
  "e\u0301 a\u0308\u0304 Z̤͔ͧ̑̓ (combining)",
  "مرحبا שלום (right to left)",
  "数据备份 データのバックアップ 백업",
  '"quoted" \\back\\slash\\ {"a":[1,"}"]} [not, a, row]',
  "line\nbreak\r\nand\ttab",
  "line\u2028separator\u2029paragraph",
  "nul\u0000inside \u0001\u001f\u007f\u0085",
  "\uFEFFbyte order mark, \u200Bzero width",
  "0",
  "-0",
  "1e309",
  "null",
  "true",
  "NaN",
  "😀".repeat(editableMaxLength / 2),
  "x".repeat(editableMaxLength),
  "é".repeat(editableMaxLength),
];

const ints = [0, 1, -1, 2_147_483_647, -2_147_483_648, 2_147_483_646, -2_147_483_647];

const dates = [
  "0001-01-01T00:00:00.000Z",
  "9999-12-31T23:59:59.999Z",
  "1970-01-01T00:00:00.000Z",
  "1969-12-31T23:59:59.999Z",
  "2000-02-29T12:00:00.000Z",
  "2038-01-19T03:14:08.000Z",
  "1900-01-01T00:00:00.001Z",
].map((iso) => new Date(iso));

/** What the database's text columns can hold. */
export type TextSupport = {
  /** U+0000: SQLite's TEXT holds it, PostgreSQL's text refuses it (as the app refuses it in input). */
  nul: boolean;
};

/** A text value; now and then longer than one 64 KB chunk of the snapshot writer. */
function text(random: Random, support: TextSupport): string {
  const value = random.chance(0.01)
    ? random.pick(texts).padEnd(70_000, "🧪 long value ")
    : random.chance(0.7)
      ? random.pick(texts)
      : Array.from({ length: random.int(1, 4) }, () => random.pick(texts)).join(" ");
  // Removed after the draws, so a seed gives the same datasets on every database.
  return support.nul ? value : value.replaceAll("\u0000", "");
}

const int = (random: Random) => (random.chance(0.6) ? random.pick(ints) : random.int(-2_147_483_648, 2_147_483_647));

function date(random: Random): Date {
  if (random.chance(0.5)) return random.pick(dates);
  const from = dates[0]!.getTime();
  return new Date(from + Math.floor(random.next() * (dates[1]!.getTime() - from)));
}

/** `count` distinct ids, many of them at the ends of the Int range. */
function ids(random: Random, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.chance(0.2) ? random.pick(ints) : random.int(1, 1_000_000));
  return [...chosen];
}

const nullable = new Set(["Contact.accountId", "Opportunity.contactId", "SupportCase.contactId"]);

/** A random, valid dataset; `size` bounds the number of accounts (0 gives an empty instance). */
export function randomDataset(random: Random, size: number, support: TextSupport): Dataset {
  const accounts = ids(random, random.int(0, size));
  const contacts = ids(random, accounts.length === 0 ? random.int(0, size) : random.int(0, size * 2));
  const dataset: Dataset = {};
  for (const { table, columns } of entities) {
    const keys =
      table === "Account"
        ? accounts
        : table === "Contact"
          ? contacts
          : ids(random, accounts.length ? random.int(0, size) : 0);
    dataset[table] = keys.map((id) => {
      const row: Record<string, unknown> = { id };
      for (const { name, type } of columns) {
        if (name === "id") continue;
        if (nullable.has(`${table}.${name}`) && random.chance(0.4)) row[name] = null;
        else if (name === "accountId") row[name] = random.pick(accounts.length ? accounts : [null]);
        else if (name === "contactId") row[name] = contacts.length ? random.pick(contacts) : null;
        else row[name] = type === "int" ? int(random) : type === "datetime" ? date(random) : text(random, support);
      }
      return row;
    });
  }
  return dataset;
}

/** One plain account and one support case per description: for round trips of long texts. */
export function accountWithCases(descriptions: string[]): Dataset {
  const stamps = { createdAt: dates[2]!, modifiedAt: dates[2]! };
  const account = { id: 1, name: "Contoso", accountNumber: "AC-1", industry: "Retail", phone: "+1 555 0100" };
  return {
    Account: [
      {
        ...account,
        website: "https://contoso.example",
        city: "Springfield",
        country: "Nowhere",
        employees: 10,
        annualRevenue: 1000,
        ...stamps,
      },
    ],
    Contact: [],
    Opportunity: [],
    SupportCase: descriptions.map((description, i) => ({
      id: i + 1,
      accountId: 1,
      contactId: null,
      title: `Case ${i + 1}`,
      status: "Active",
      priority: "Normal",
      description,
      ...stamps,
    })),
  };
}
