// The business entities every instance holds. One list drives the snapshot engine (table order,
// columns), the data page and storage estimates. Order matters: parents before children, so a
// restore inserts in this order and deletes in reverse without breaking foreign keys.

export type ColumnType = "int" | "text" | "datetime";
export type EntityColumn = { name: string; type: ColumnType; label: string; nullable?: true };

export type EntityDefinition = {
  key: "accounts" | "contacts" | "opportunities" | "cases";
  table: string;
  label: string;
  singular: string;
  /** Every column but instanceId, in table order; "id" first. */
  columns: readonly EntityColumn[];
  /** Columns shown in the record list. */
  listColumns: readonly string[];
  /** Columns matched by the search box. */
  searchColumns: readonly string[];
  /** Columns an admin may edit from the data page. */
  editableColumns: readonly string[];
};

const audit: EntityColumn[] = [
  { name: "createdAt", type: "datetime", label: "Created" },
  { name: "modifiedAt", type: "datetime", label: "Modified" },
];

export const entities: readonly EntityDefinition[] = [
  {
    key: "accounts",
    table: "Account",
    label: "Accounts",
    singular: "Account",
    columns: [
      { name: "id", type: "int", label: "ID" },
      { name: "name", type: "text", label: "Name" },
      { name: "accountNumber", type: "text", label: "Account number" },
      { name: "industry", type: "text", label: "Industry" },
      { name: "phone", type: "text", label: "Phone" },
      { name: "website", type: "text", label: "Website" },
      { name: "city", type: "text", label: "City" },
      { name: "country", type: "text", label: "Country" },
      { name: "employees", type: "int", label: "Employees" },
      { name: "annualRevenue", type: "int", label: "Annual revenue" },
      ...audit,
    ],
    listColumns: ["id", "name", "accountNumber", "industry", "city", "phone"],
    searchColumns: ["name", "accountNumber", "city"],
    editableColumns: ["name", "phone", "city", "industry"],
  },
  {
    key: "contacts",
    table: "Contact",
    label: "Contacts",
    singular: "Contact",
    columns: [
      { name: "id", type: "int", label: "ID" },
      { name: "accountId", type: "int", label: "Account", nullable: true },
      { name: "firstName", type: "text", label: "First name" },
      { name: "lastName", type: "text", label: "Last name" },
      { name: "email", type: "text", label: "Email" },
      { name: "phone", type: "text", label: "Phone" },
      { name: "jobTitle", type: "text", label: "Job title" },
      ...audit,
    ],
    listColumns: ["id", "firstName", "lastName", "email", "jobTitle", "accountId"],
    searchColumns: ["firstName", "lastName", "email"],
    editableColumns: ["firstName", "lastName", "email", "jobTitle"],
  },
  {
    key: "opportunities",
    table: "Opportunity",
    label: "Opportunities",
    singular: "Opportunity",
    columns: [
      { name: "id", type: "int", label: "ID" },
      { name: "accountId", type: "int", label: "Account" },
      { name: "contactId", type: "int", label: "Contact", nullable: true },
      { name: "name", type: "text", label: "Name" },
      { name: "stage", type: "text", label: "Stage" },
      { name: "amount", type: "int", label: "Amount" },
      { name: "probability", type: "int", label: "Probability" },
      { name: "closeDate", type: "datetime", label: "Close date" },
      ...audit,
    ],
    listColumns: ["id", "name", "stage", "amount", "probability", "accountId"],
    searchColumns: ["name", "stage"],
    editableColumns: ["name", "stage"],
  },
  {
    key: "cases",
    table: "SupportCase",
    label: "Cases",
    singular: "Case",
    columns: [
      { name: "id", type: "int", label: "ID" },
      { name: "accountId", type: "int", label: "Account" },
      { name: "contactId", type: "int", label: "Contact", nullable: true },
      { name: "title", type: "text", label: "Title" },
      { name: "status", type: "text", label: "Status" },
      { name: "priority", type: "text", label: "Priority" },
      { name: "description", type: "text", label: "Description" },
      ...audit,
    ],
    listColumns: ["id", "title", "status", "priority", "accountId"],
    searchColumns: ["title", "status"],
    editableColumns: ["title", "status", "priority"],
  },
];

export function findEntity(key: string): EntityDefinition | undefined {
  return entities.find((e) => e.key === key);
}
