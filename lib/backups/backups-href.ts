// Links to the Backup & Restore page: the instance, the list's filters and page, the selected
// backup and the Activity page all live in the URL, so a link reopens the same view.

export type BackupsView = {
  instance: string;
  type?: string;
  status?: string;
  page?: number;
  backup?: string;
  activity?: number;
};

/** The page's address for `view`; page 1 of either list is left out. */
export function backupsHref(view: BackupsView, hash?: string): string {
  const params = new URLSearchParams({ instance: view.instance });
  if (view.type) params.set("type", view.type);
  if (view.status) params.set("status", view.status);
  if (view.page && view.page > 1) params.set("page", String(view.page));
  if (view.backup) params.set("backup", view.backup);
  if (view.activity && view.activity > 1) params.set("activity", String(view.activity));
  return `/backups?${params.toString()}${hash ? `#${hash}` : ""}`;
}
