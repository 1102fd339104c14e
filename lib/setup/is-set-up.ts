import "server-only";
import { prisma } from "../db";

/** Whether Backup Center has been set up: once any user exists, first-run setup is closed for good. */
export async function isSetUp(): Promise<boolean> {
  return (await prisma.user.findFirst({ select: { id: true } })) !== null;
}
