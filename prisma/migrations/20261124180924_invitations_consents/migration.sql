-- CreateTable
CREATE TABLE "invitation" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "issued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "first_opened_at" TIMESTAMP(3),
    "open_count" INTEGER NOT NULL DEFAULT 0,
    "consented_at" TIMESTAMP(3),
    "verified_at" TIMESTAMP(3),
    "openid" TEXT,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_record" (
    "id" TEXT NOT NULL,
    "invitation_id" TEXT,
    "customer_id" TEXT,
    "openid" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "text_version" TEXT NOT NULL,
    "consented_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "user_agent" TEXT,
    "withdrawn_at" TIMESTAMP(3),

    CONSTRAINT "consent_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_attempt" (
    "id" TEXT NOT NULL,
    "invitation_id" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_ref" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "verification_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ownership_conflict" (
    "id" TEXT NOT NULL,
    "crm_no" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "owner_staff_id" TEXT,
    "follower_staff_id" TEXT NOT NULL,
    "detected_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),
    "resolution" TEXT,

    CONSTRAINT "ownership_conflict_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "invitation_customer_id_issued_at_idx" ON "invitation"("customer_id", "issued_at");

-- CreateIndex
CREATE INDEX "invitation_staff_id_issued_at_idx" ON "invitation"("staff_id", "issued_at");

-- CreateIndex
CREATE INDEX "consent_record_openid_idx" ON "consent_record"("openid");

-- CreateIndex
CREATE INDEX "consent_record_customer_id_idx" ON "consent_record"("customer_id");

-- CreateIndex
CREATE INDEX "verification_attempt_invitation_id_idx" ON "verification_attempt"("invitation_id");

-- CreateIndex
CREATE INDEX "ownership_conflict_follower_staff_id_idx" ON "ownership_conflict"("follower_staff_id");

-- CreateIndex
CREATE UNIQUE INDEX "ownership_conflict_crm_no_follower_staff_id_key" ON "ownership_conflict"("crm_no", "follower_staff_id");

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_attempt" ADD CONSTRAINT "verification_attempt_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
