-- CreateTable
CREATE TABLE "DelegatedAdminRelation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerTenantId" TEXT NOT NULL,
    "partnerTenantId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DelegatedAdminRelation_customerTenantId_fkey" FOREIGN KEY ("customerTenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DelegatedAdminRelation_partnerTenantId_fkey" FOREIGN KEY ("partnerTenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SetPasswordToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SetPasswordToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tenantId" TEXT,
    "passwordHash" TEXT,
    "disabledAt" DATETIME,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "email", "id", "name", "passwordHash", "sessionVersion") SELECT "createdAt", "email", "id", "name", "passwordHash", "sessionVersion" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_tenantId_idx" ON "User"("tenantId");
CREATE TABLE "new_RoleAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tenantId" TEXT,
    "instanceId" TEXT,
    "relationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_relationId_fkey" FOREIGN KEY ("relationId") REFERENCES "DelegatedAdminRelation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RoleAssignment" ("createdAt", "id", "instanceId", "role", "tenantId", "userId") SELECT "createdAt", "id", "instanceId", "role", "tenantId", "userId" FROM "RoleAssignment";
DROP TABLE "RoleAssignment";
ALTER TABLE "new_RoleAssignment" RENAME TO "RoleAssignment";
CREATE INDEX "RoleAssignment_relationId_idx" ON "RoleAssignment"("relationId");
CREATE INDEX "RoleAssignment_tenantId_idx" ON "RoleAssignment"("tenantId");
CREATE INDEX "RoleAssignment_instanceId_idx" ON "RoleAssignment"("instanceId");
CREATE UNIQUE INDEX "RoleAssignment_userId_role_tenantId_instanceId_key" ON "RoleAssignment"("userId", "role", "tenantId", "instanceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DelegatedAdminRelation_partnerTenantId_idx" ON "DelegatedAdminRelation"("partnerTenantId");

-- CreateIndex
CREATE UNIQUE INDEX "DelegatedAdminRelation_customerTenantId_partnerTenantId_key" ON "DelegatedAdminRelation"("customerTenantId", "partnerTenantId");

-- CreateIndex
CREATE UNIQUE INDEX "SetPasswordToken_tokenHash_key" ON "SetPasswordToken"("tokenHash");

-- CreateIndex
CREATE INDEX "SetPasswordToken_userId_idx" ON "SetPasswordToken"("userId");
