import { Faker, base, en } from "@faker-js/faker";

// Deterministic CRM-like records for one instance: the same seed always yields the same rows.
// A generator, so the bench can stream a million records without holding them in memory.

export type GeneratedRecord =
  | { table: "Account"; row: AccountRow }
  | { table: "Contact"; row: ContactRow }
  | { table: "Opportunity"; row: OpportunityRow }
  | { table: "SupportCase"; row: CaseRow };

type Stamps = { createdAt: Date; modifiedAt: Date };
export type AccountRow = Stamps & {
  id: number;
  name: string;
  accountNumber: string;
  industry: string;
  phone: string;
  website: string;
  city: string;
  country: string;
  employees: number;
  annualRevenue: number;
};
export type ContactRow = Stamps & {
  id: number;
  accountId: number | null;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  jobTitle: string;
};
export type OpportunityRow = Stamps & {
  id: number;
  accountId: number;
  contactId: number | null;
  name: string;
  stage: string;
  amount: number;
  probability: number;
  closeDate: Date;
};
export type CaseRow = Stamps & {
  id: number;
  accountId: number;
  contactId: number | null;
  title: string;
  status: string;
  priority: string;
  description: string;
};

/** Records generated per account, on average: 1 account, 3 contacts, 1.5 opportunities, 2 cases. */
export const recordsPerAccount = 7.5;

const industries = [
  "Manufacturing",
  "Retail",
  "Financial services",
  "Healthcare",
  "Education",
  "Energy",
  "Logistics",
  "Hospitality",
];
const stages = ["Qualify", "Develop", "Propose", "Close won", "Close lost"];
const caseStatuses = ["Active", "On hold", "Waiting for details", "Resolved", "Cancelled"];
const priorities = ["High", "Normal", "Low"];

export function* generateRecords(options: { seed: number; accounts: number; now?: Date }): Generator<GeneratedRecord> {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(options.seed);
  const now = options.now ?? new Date("2026-11-01T00:00:00Z");
  const since = new Date(now.getTime() - 3 * 365 * 86_400_000);
  const stamps = (): Stamps => {
    const createdAt = faker.date.between({ from: since, to: now });
    return { createdAt, modifiedAt: faker.date.between({ from: createdAt, to: now }) };
  };
  const accountCount = options.accounts;
  const contactCount = accountCount * 3;
  const pickAccount = () => faker.number.int({ min: 1, max: accountCount });
  const pickContact = () => (faker.datatype.boolean(0.8) ? faker.number.int({ min: 1, max: contactCount }) : null);

  for (let id = 1; id <= accountCount; id++) {
    const name = faker.company.name();
    yield {
      table: "Account",
      row: {
        id,
        name,
        accountNumber: `AC-${String(id).padStart(7, "0")}`,
        industry: faker.helpers.arrayElement(industries),
        phone: faker.phone.number({ style: "international" }),
        website: `https://www.${faker.internet.domainWord()}.example`,
        city: faker.location.city(),
        country: faker.location.country(),
        employees: faker.number.int({ min: 5, max: 50_000 }),
        annualRevenue: faker.number.int({ min: 100_000, max: 900_000_000 }),
        ...stamps(),
      },
    };
  }
  for (let id = 1; id <= contactCount; id++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    yield {
      table: "Contact",
      row: {
        id,
        accountId: faker.datatype.boolean(0.9) ? pickAccount() : null,
        firstName,
        lastName,
        email: faker.internet.email({ firstName, lastName, provider: "mail.example" }).toLowerCase(),
        phone: faker.phone.number({ style: "international" }),
        jobTitle: faker.person.jobTitle(),
        ...stamps(),
      },
    };
  }
  for (let id = 1; id <= Math.floor(accountCount * 1.5); id++) {
    const stage = faker.helpers.arrayElement(stages);
    yield {
      table: "Opportunity",
      row: {
        id,
        accountId: pickAccount(),
        contactId: pickContact(),
        name: `${faker.commerce.productName()} deal`,
        stage,
        amount: faker.number.int({ min: 1_000, max: 2_000_000 }),
        probability: stage === "Close won" ? 100 : stage === "Close lost" ? 0 : faker.number.int({ min: 10, max: 90 }),
        closeDate: faker.date.soon({ days: 180, refDate: now }),
        ...stamps(),
      },
    };
  }
  for (let id = 1; id <= accountCount * 2; id++) {
    yield {
      table: "SupportCase",
      row: {
        id,
        accountId: pickAccount(),
        contactId: pickContact(),
        title: faker.hacker.phrase().slice(0, 120),
        status: faker.helpers.arrayElement(caseStatuses),
        priority: faker.helpers.arrayElement(priorities),
        description: faker.lorem.sentences({ min: 1, max: 3 }),
        ...stamps(),
      },
    };
  }
}
