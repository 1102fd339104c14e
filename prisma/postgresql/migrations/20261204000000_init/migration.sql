-- CreateEnum
CREATE TYPE "InstanceType" AS ENUM ('Production', 'Sandbox');

-- CreateEnum
CREATE TYPE "InstanceState" AS ENUM ('Ready', 'Restoring', 'Updating');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('GlobalAdmin', 'SystemAdministrator', 'DelegatedAdmin');

-- CreateEnum
CREATE TYPE "BackupKind" AS ENUM ('System', 'OnDemand');

-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('Queued', 'InProgress', 'Succeeded', 'Failed', 'FailedVerification');

-- CreateEnum
CREATE TYPE "OperationType" AS ENUM ('Backup', 'Restore', 'Update', 'Switch', 'Create', 'Rename', 'Purge', 'Verify', 'TestRestore');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('Queued', 'Running', 'Succeeded', 'Failed');

-- CreateEnum
CREATE TYPE "AlertChannel" AS ENUM ('Webhook', 'Email');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('Pending', 'Sending', 'Delivered', 'Failed');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DelegatedAdminRelation" (
    "id" TEXT NOT NULL,
    "customerTenantId" TEXT NOT NULL,
    "partnerTenantId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DelegatedAdminRelation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "type" "InstanceType" NOT NULL,
    "version" TEXT NOT NULL,
    "state" "InstanceState" NOT NULL DEFAULT 'Ready',
    "region" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tenantId" TEXT,
    "passwordHash" TEXT,
    "disabledAt" TIMESTAMP(3),
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SsoIdentity" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SsoIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SetPasswordToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SetPasswordToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tenantId" TEXT,
    "instanceId" TEXT,
    "relationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Backup" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT,
    "deletedInstanceId" TEXT,
    "deletedInstanceTenantId" TEXT,
    "deletedInstanceName" TEXT,
    "kind" "BackupKind" NOT NULL,
    "label" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "status" "BackupStatus" NOT NULL DEFAULT 'Queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "failureReason" TEXT,
    "instanceVersion" TEXT NOT NULL,
    "sizeBytes" BIGINT,
    "rawBytes" BIGINT,
    "sha256" TEXT,
    "storageKey" TEXT,
    "formatVersion" INTEGER,
    "codec" TEXT,
    "recordCounts" TEXT,
    "completedAt" TIMESTAMP(3),
    "systemDay" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "verificationPassed" BOOLEAN,
    "verificationReason" TEXT,
    "verificationFailedAt" TIMESTAMP(3),
    "testRestoredAt" TIMESTAMP(3),
    "testRestorePassed" BOOLEAN,
    "testRestoreRecords" INTEGER,
    "testRestoreMs" INTEGER,

    CONSTRAINT "Backup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL,
    "type" "OperationType" NOT NULL,
    "status" "OperationStatus" NOT NULL DEFAULT 'Queued',
    "instanceId" TEXT NOT NULL,
    "backupId" TEXT,
    "requestedById" TEXT,
    "exclusiveKey" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "recordsDone" INTEGER,
    "recordsTotal" INTEGER,
    "targetVersion" TEXT,
    "detail" TEXT,
    "scheduleKey" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Operation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "tenantId" TEXT,
    "instanceId" TEXT,
    "backupId" TEXT,
    "operationId" TEXT,
    "detail" TEXT,
    "scopeTenantId" TEXT,
    "instanceName" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "modifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("instanceId","id")
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "modifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("instanceId","id")
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
    "closeDate" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "modifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Opportunity_pkey" PRIMARY KEY ("instanceId","id")
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "modifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupportCase_pkey" PRIMARY KEY ("instanceId","id")
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "AppSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AlertSettings" (
    "tenantId" TEXT NOT NULL,
    "webhookUrl" TEXT,
    "webhookSecret" TEXT,
    "emailRecipients" TEXT NOT NULL DEFAULT '[]',
    "events" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "channel" "AlertChannel" NOT NULL,
    "target" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" "AlertDeliveryStatus" NOT NULL DEFAULT 'Pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastResponse" TEXT,
    "lastError" TEXT,
    "lastAttemptAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dedupeKey" TEXT,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_name_key" ON "Tenant"("name");

-- CreateIndex
CREATE INDEX "DelegatedAdminRelation_partnerTenantId_idx" ON "DelegatedAdminRelation"("partnerTenantId");

-- CreateIndex
CREATE UNIQUE INDEX "DelegatedAdminRelation_customerTenantId_partnerTenantId_key" ON "DelegatedAdminRelation"("customerTenantId", "partnerTenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_domain_key" ON "Instance"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_tenantId_name_key" ON "Instance"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_tenantId_idx" ON "User"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "SsoIdentity_issuer_subject_key" ON "SsoIdentity"("issuer", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "SsoIdentity_userId_issuer_key" ON "SsoIdentity"("userId", "issuer");

-- CreateIndex
CREATE UNIQUE INDEX "SetPasswordToken_tokenHash_key" ON "SetPasswordToken"("tokenHash");

-- CreateIndex
CREATE INDEX "SetPasswordToken_userId_idx" ON "SetPasswordToken"("userId");

-- CreateIndex
CREATE INDEX "RoleAssignment_relationId_idx" ON "RoleAssignment"("relationId");

-- CreateIndex
CREATE INDEX "RoleAssignment_tenantId_idx" ON "RoleAssignment"("tenantId");

-- CreateIndex
CREATE INDEX "RoleAssignment_instanceId_idx" ON "RoleAssignment"("instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_userId_role_tenantId_instanceId_key" ON "RoleAssignment"("userId", "role", "tenantId", "instanceId");

-- CreateIndex
CREATE INDEX "Backup_deletedInstanceTenantId_expiresAt_idx" ON "Backup"("deletedInstanceTenantId", "expiresAt");

-- CreateIndex
CREATE INDEX "Backup_instanceId_createdAt_id_expiresAt_idx" ON "Backup"("instanceId", "createdAt", "id", "expiresAt");

-- CreateIndex
CREATE INDEX "Backup_expiresAt_idx" ON "Backup"("expiresAt");

-- CreateIndex
CREATE INDEX "Backup_instanceId_verifiedAt_idx" ON "Backup"("instanceId", "verifiedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Backup_instanceId_systemDay_key" ON "Backup"("instanceId", "systemDay");

-- CreateIndex
CREATE UNIQUE INDEX "Operation_exclusiveKey_key" ON "Operation"("exclusiveKey");

-- CreateIndex
CREATE UNIQUE INDEX "Operation_scheduleKey_key" ON "Operation"("scheduleKey");

-- CreateIndex
CREATE INDEX "Operation_status_createdAt_idx" ON "Operation"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Operation_instanceId_createdAt_idx" ON "Operation"("instanceId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_scopeTenantId_at_id_idx" ON "AuditEntry"("scopeTenantId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_instanceId_at_id_idx" ON "AuditEntry"("instanceId", "at", "id");

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

-- CreateIndex
CREATE INDEX "AlertDelivery_status_nextAttemptAt_idx" ON "AlertDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_tenantId_createdAt_idx" ON "AlertDelivery"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_dedupeKey_channel_key" ON "AlertDelivery"("dedupeKey", "channel");

-- AddForeignKey
ALTER TABLE "DelegatedAdminRelation" ADD CONSTRAINT "DelegatedAdminRelation_customerTenantId_fkey" FOREIGN KEY ("customerTenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DelegatedAdminRelation" ADD CONSTRAINT "DelegatedAdminRelation_partnerTenantId_fkey" FOREIGN KEY ("partnerTenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoIdentity" ADD CONSTRAINT "SsoIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SetPasswordToken" ADD CONSTRAINT "SetPasswordToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_relationId_fkey" FOREIGN KEY ("relationId") REFERENCES "DelegatedAdminRelation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backup" ADD CONSTRAINT "Backup_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backup" ADD CONSTRAINT "Backup_deletedInstanceTenantId_fkey" FOREIGN KEY ("deletedInstanceTenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backup" ADD CONSTRAINT "Backup_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_backupId_fkey" FOREIGN KEY ("backupId") REFERENCES "Backup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_instanceId_accountId_fkey" FOREIGN KEY ("instanceId", "accountId") REFERENCES "Account"("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_instanceId_accountId_fkey" FOREIGN KEY ("instanceId", "accountId") REFERENCES "Account"("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_instanceId_contactId_fkey" FOREIGN KEY ("instanceId", "contactId") REFERENCES "Contact"("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "SupportCase" ADD CONSTRAINT "SupportCase_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportCase" ADD CONSTRAINT "SupportCase_instanceId_accountId_fkey" FOREIGN KEY ("instanceId", "accountId") REFERENCES "Account"("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "SupportCase" ADD CONSTRAINT "SupportCase_instanceId_contactId_fkey" FOREIGN KEY ("instanceId", "contactId") REFERENCES "Contact"("instanceId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "AlertSettings" ADD CONSTRAINT "AlertSettings_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
