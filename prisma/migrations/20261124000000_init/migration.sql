-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'Ready',
    "region" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Instance_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tenantId" TEXT,
    "instanceId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Backup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "failureReason" TEXT,
    "instanceVersion" TEXT NOT NULL,
    "sizeBytes" BIGINT,
    "sha256" TEXT,
    "storageKey" TEXT,
    "formatVersion" INTEGER,
    "codec" TEXT,
    "recordCounts" TEXT,
    "completedAt" DATETIME,
    CONSTRAINT "Backup_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Backup_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Queued',
    "instanceId" TEXT NOT NULL,
    "backupId" TEXT,
    "requestedById" TEXT,
    "exclusiveKey" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Operation_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Operation_backupId_fkey" FOREIGN KEY ("backupId") REFERENCES "Backup" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Operation_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "instanceId" TEXT,
    "backupId" TEXT,
    "operationId" TEXT,
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "resetAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Account" (
    "instanceId" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "accountNumber" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "website" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "employees" INTEGER NOT NULL,
    "annualRevenue" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "modifiedAt" DATETIME NOT NULL,

    PRIMARY KEY ("instanceId", "id"),
    CONSTRAINT "Account_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "instanceId" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "accountId" INTEGER,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "jobTitle" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "modifiedAt" DATETIME NOT NULL,

    PRIMARY KEY ("instanceId", "id"),
    CONSTRAINT "Contact_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Contact_instanceId_accountId_fkey" FOREIGN KEY ("instanceId", "accountId") REFERENCES "Account" ("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateTable
CREATE TABLE "Opportunity" (
    "instanceId" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "name" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "probability" INTEGER NOT NULL,
    "closeDate" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "modifiedAt" DATETIME NOT NULL,

    PRIMARY KEY ("instanceId", "id"),
    CONSTRAINT "Opportunity_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Opportunity_instanceId_accountId_fkey" FOREIGN KEY ("instanceId", "accountId") REFERENCES "Account" ("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "Opportunity_instanceId_contactId_fkey" FOREIGN KEY ("instanceId", "contactId") REFERENCES "Contact" ("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateTable
CREATE TABLE "SupportCase" (
    "instanceId" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "modifiedAt" DATETIME NOT NULL,

    PRIMARY KEY ("instanceId", "id"),
    CONSTRAINT "SupportCase_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SupportCase_instanceId_accountId_fkey" FOREIGN KEY ("instanceId", "accountId") REFERENCES "Account" ("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "SupportCase_instanceId_contactId_fkey" FOREIGN KEY ("instanceId", "contactId") REFERENCES "Contact" ("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_name_key" ON "Tenant"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_domain_key" ON "Instance"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_tenantId_name_key" ON "Instance"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "RoleAssignment_tenantId_idx" ON "RoleAssignment"("tenantId");

-- CreateIndex
CREATE INDEX "RoleAssignment_instanceId_idx" ON "RoleAssignment"("instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_userId_role_tenantId_instanceId_key" ON "RoleAssignment"("userId", "role", "tenantId", "instanceId");

-- CreateIndex
CREATE INDEX "Backup_instanceId_createdAt_idx" ON "Backup"("instanceId", "createdAt");

-- CreateIndex
CREATE INDEX "Backup_expiresAt_idx" ON "Backup"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Operation_exclusiveKey_key" ON "Operation"("exclusiveKey");

-- CreateIndex
CREATE INDEX "Operation_status_createdAt_idx" ON "Operation"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Operation_instanceId_createdAt_idx" ON "Operation"("instanceId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_instanceId_at_idx" ON "AuditEntry"("instanceId", "at");

-- CreateIndex
CREATE INDEX "Account_instanceId_name_idx" ON "Account"("instanceId", "name");

-- CreateIndex
CREATE INDEX "Contact_instanceId_accountId_idx" ON "Contact"("instanceId", "accountId");

-- CreateIndex
CREATE INDEX "Contact_instanceId_lastName_idx" ON "Contact"("instanceId", "lastName");

-- CreateIndex
CREATE INDEX "Opportunity_instanceId_accountId_idx" ON "Opportunity"("instanceId", "accountId");

-- CreateIndex
CREATE INDEX "Opportunity_instanceId_contactId_idx" ON "Opportunity"("instanceId", "contactId");

-- CreateIndex
CREATE INDEX "SupportCase_instanceId_accountId_idx" ON "SupportCase"("instanceId", "accountId");

-- CreateIndex
CREATE INDEX "SupportCase_instanceId_contactId_idx" ON "SupportCase"("instanceId", "contactId");
