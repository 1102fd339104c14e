import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { isUniqueViolation } from "../errors";
import type { SignedInUser } from "./authorize-credentials";

/** Why a single sign-on was refused; the sign-in error page explains each. */
export type SsoRefusal = "SsoUnverified" | "SsoUnknown" | "SsoDisabled" | "SsoOtherAccount" | "SsoInvalid";

export type SsoResult = { ok: true; user: SignedInUser } | { ok: false; refusal: SsoRefusal };

const emailClaim = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** Claims are the provider's text: quoted and capped so the audit log shows them as data. */
const quoted = (value: string) => JSON.stringify(value.slice(0, 255));

/**
 * Who a person signed in by single sign-on is here, from the claims of the ID token (already
 * verified by next-auth's OpenID client: signature, issuer, audience). Nobody gets in who is not
 * already a user: the first sign-in matches a user by the provider's *verified* e-mail and binds
 * that user to the provider's subject (issuer + `sub`); every later sign-in matches by subject
 * only, so an e-mail changed at the provider can neither lock the user out nor take over another
 * user, and a user bound to one subject refuses every other. Refusals create nothing and are audited.
 */
export async function resolveSsoUser(claims: Record<string, unknown>, retried = false): Promise<SsoResult> {
  const { iss: issuer, sub: subject } = claims;
  if (typeof issuer !== "string" || !issuer || typeof subject !== "string" || !subject) {
    return refuse("SsoInvalid", { userId: null, email: "(unknown)" }, "The ID token names no issuer or subject.");
  }
  const account = `subject ${quoted(subject)} of ${quoted(issuer)}`;
  const email = emailClaim.safeParse(claims.email);
  const person = { userId: null, email: email.success ? email.data : "(no e-mail)" };

  const bound = await prisma.ssoIdentity.findUnique({
    where: { issuer_subject: { issuer, subject } },
    select: { user: { select: userFields } },
  });
  if (bound) {
    const { user } = bound;
    if (user.disabledAt)
      return refuse("SsoDisabled", actorOf(user), `Single sign-on by ${account}: the user is disabled.`);
    return { ok: true, user: signedIn(user) };
  }

  // Only a provider's word that the address is verified is good enough to bind an account to it.
  if (!isEmailVerified(claims) || !email.success) {
    return refuse("SsoUnverified", person, `Single sign-on by ${account}: the provider did not verify the e-mail.`);
  }
  const user = await prisma.user.findUnique({ where: { email: email.data }, select: userFields });
  if (!user) return refuse("SsoUnknown", person, `Single sign-on by ${account}: no user has this e-mail.`);
  if (user.disabledAt)
    return refuse("SsoDisabled", actorOf(user), `Single sign-on by ${account}: the user is disabled.`);

  try {
    const other = await prisma.$transaction(async (tx) => {
      const existing = await tx.ssoIdentity.findUnique({ where: { userId_issuer: { userId: user.id, issuer } } });
      // A concurrent first sign-in of the same subject may have bound it since the lookup above.
      if (existing) return existing.subject === subject ? null : existing;
      await tx.ssoIdentity.create({ data: { userId: user.id, issuer, subject } });
      await recordAudit(
        {
          actor: actorOf(user),
          action: "signin.sso.bind",
          outcome: "accepted",
          detail: `First single sign-on: bound to ${account}.`,
        },
        tx,
      );
      return null;
    });
    if (other) {
      return refuse(
        "SsoOtherAccount",
        actorOf(user),
        `Single sign-on by ${account}: the user is bound to another subject of this provider.`,
      );
    }
  } catch (error) {
    // Two first sign-ins at once: the unique keys let one bind; the other decides again from there.
    if (isUniqueViolation(error) && !retried) return resolveSsoUser(claims, true);
    throw error;
  }
  return { ok: true, user: signedIn(user) };
}

/**
 * `email_verified: true`. Microsoft Entra ID never sends that claim for work accounts; its
 * optional `xms_edov` claim ("the e-mail's domain is verified by the user's tenant") says the same
 * and counts only when `email_verified` is absent, so a provider's explicit false always wins.
 */
function isEmailVerified(claims: Record<string, unknown>): boolean {
  if (claims.email_verified !== undefined) return claims.email_verified === true;
  return claims.xms_edov === true;
}

const userFields = { id: true, email: true, name: true, sessionVersion: true, disabledAt: true } as const;

function signedIn(user: { id: string; email: string; name: string; sessionVersion: number }): SignedInUser {
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

const actorOf = (user: { id: string; email: string }) => ({ userId: user.id, email: user.email });

async function refuse(
  refusal: SsoRefusal,
  actor: { userId: string | null; email: string },
  detail: string,
): Promise<SsoResult> {
  await recordAudit({
    actor,
    action: "signin.sso",
    outcome: "denied",
    detail,
  });
  return { ok: false, refusal };
}
