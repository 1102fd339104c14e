// Instance versions such as "9.2.24", compared numerically part by part.

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** The seed: "Only 8.1 or later versions are supported for backup" (on-demand backups). */
export const minimumOnDemandBackupVersion = "8.1";

export function supportsOnDemandBackup(version: string): boolean {
  return compareVersions(version, minimumOnDemandBackupVersion) >= 0;
}

/** The versions an instance can run, oldest first: the one list the Update dialog offers from. */
export const releasedVersions = ["8.0.3", "8.1.7", "8.2.12", "9.0.31", "9.1.8", "9.2.24", "9.3.5"] as const;

export type ReleasedVersion = (typeof releasedVersions)[number];

/** The released versions newer than `current`, newest first. */
export function newerVersions(current: string): ReleasedVersion[] {
  return releasedVersions.filter((version) => compareVersions(version, current) > 0).reverse();
}
