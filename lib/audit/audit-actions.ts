// What the Audit log calls each action it records. An action missing here is shown by its name;
// tests/audit-actions.test.ts fails when code records one that is not listed.
export const auditActionLabels: Readonly<Record<string, string>> = {
  "backup.create": "Create backup",
  "backup.edit": "Edit backup",
  "backup.delete": "Delete backup",
  "backup.restore": "Restore backup",
  "backup.purge": "Purge expired backup",
  "storage.sweep": "Storage sweep",
  "instance.create": "Create instance",
  "instance.update": "Update instance",
  "instance.switch": "Switch instance type",
  "instance.rename": "Rename instance",
  "instance.delete": "Delete instance",
  "record.update": "Edit record",
  "signin.sso": "Single sign-on",
  setup: "First-run setup",
  "admin.create": "Add global admin (shell)",
  "signin.sso.bind": "Bind single sign-on",
};
