-- CreateEnum
CREATE TYPE "UnitLevel" AS ENUM ('BRANCH', 'SUB_BRANCH', 'OUTLET');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADVISOR', 'UNIT_MANAGER', 'OPERATIONS', 'COMPLIANCE', 'ADMIN');

-- CreateEnum
CREATE TYPE "RelationshipStatus" AS ENUM ('ACTIVE', 'REMOVED');

-- CreateEnum
CREATE TYPE "ProductCategory" AS ENUM ('WEALTH', 'PRECIOUS_METAL', 'FUND', 'INSURANCE', 'DEPOSIT');

-- CreateTable
CREATE TABLE "org_unit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "UnitLevel" NOT NULL,
    "parent_id" TEXT,
    "path" TEXT NOT NULL,
    "wecom_department_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "org_unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff" (
    "id" TEXT NOT NULL,
    "wecom_user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "roles" "Role"[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" TEXT NOT NULL,
    "external_user_id" TEXT,
    "openid" TEXT,
    "unionid" TEXT,
    "crm_no" TEXT,
    "display_name" TEXT NOT NULL,
    "avatar_url" TEXT,
    "id_number_enc" TEXT,
    "id_number_hash" TEXT,
    "id_number_masked" TEXT,
    "phone_enc" TEXT,
    "phone_hash" TEXT,
    "phone_masked" TEXT,
    "pii_key_id" TEXT,
    "verified_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advisor_customer" (
    "id" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "status" "RelationshipStatus" NOT NULL DEFAULT 'ACTIVE',
    "channel" TEXT,
    "add_way" INTEGER,
    "remark" TEXT,
    "added_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_at" TIMESTAMP(3),
    "remove_reason" TEXT,

    CONSTRAINT "advisor_customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relationship_event" (
    "id" TEXT NOT NULL,
    "relationship_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "detail" JSONB,
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relationship_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag" (
    "id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "group_name" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_tag" (
    "customer_id" TEXT NOT NULL,
    "tag_id" TEXT NOT NULL,
    "staff_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_tag_pkey" PRIMARY KEY ("customer_id","tag_id")
);

-- CreateTable
CREATE TABLE "crm_customer" (
    "crm_no" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "id_number_enc" TEXT NOT NULL,
    "id_number_hash" TEXT NOT NULL,
    "id_number_masked" TEXT NOT NULL,
    "phone_enc" TEXT,
    "phone_hash" TEXT,
    "phone_masked" TEXT,
    "pii_key_id" TEXT NOT NULL,
    "aum_fen" BIGINT NOT NULL,
    "risk_level" INTEGER NOT NULL,
    "tags" TEXT[],
    "owner_staff_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "crm_customer_pkey" PRIMARY KEY ("crm_no")
);

-- CreateTable
CREATE TABLE "product" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "ProductCategory" NOT NULL,
    "risk_level" INTEGER NOT NULL,
    "min_amount_fen" BIGINT NOT NULL,
    "term_days" INTEGER,
    "expected_yield" TEXT,
    "issuer" TEXT NOT NULL,
    "on_sale" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_holding" (
    "id" TEXT NOT NULL,
    "crm_no" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "start_date" DATE NOT NULL,
    "maturity_date" DATE,

    CONSTRAINT "crm_holding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT,
    "ip" TEXT,
    "request_id" TEXT,
    "detail" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_meta" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_meta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "org_unit_path_key" ON "org_unit"("path");

-- CreateIndex
CREATE UNIQUE INDEX "org_unit_wecom_department_id_key" ON "org_unit"("wecom_department_id");

-- CreateIndex
CREATE INDEX "org_unit_parent_id_idx" ON "org_unit"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_wecom_user_id_key" ON "staff"("wecom_user_id");

-- CreateIndex
CREATE INDEX "staff_unit_id_idx" ON "staff"("unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_external_user_id_key" ON "customer"("external_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_openid_key" ON "customer"("openid");

-- CreateIndex
CREATE UNIQUE INDEX "customer_unionid_key" ON "customer"("unionid");

-- CreateIndex
CREATE INDEX "customer_crm_no_idx" ON "customer"("crm_no");

-- CreateIndex
CREATE INDEX "customer_id_number_hash_idx" ON "customer"("id_number_hash");

-- CreateIndex
CREATE INDEX "customer_phone_hash_idx" ON "customer"("phone_hash");

-- CreateIndex
CREATE INDEX "advisor_customer_customer_id_idx" ON "advisor_customer"("customer_id");

-- CreateIndex
CREATE INDEX "advisor_customer_staff_id_status_idx" ON "advisor_customer"("staff_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "advisor_customer_staff_id_customer_id_key" ON "advisor_customer"("staff_id", "customer_id");

-- CreateIndex
CREATE INDEX "relationship_event_relationship_id_occurred_at_idx" ON "relationship_event"("relationship_id", "occurred_at");

-- CreateIndex
CREATE INDEX "tag_group_id_idx" ON "tag"("group_id");

-- CreateIndex
CREATE INDEX "customer_tag_tag_id_idx" ON "customer_tag"("tag_id");

-- CreateIndex
CREATE UNIQUE INDEX "crm_customer_id_number_hash_key" ON "crm_customer"("id_number_hash");

-- CreateIndex
CREATE INDEX "crm_customer_owner_staff_id_idx" ON "crm_customer"("owner_staff_id");

-- CreateIndex
CREATE INDEX "crm_holding_crm_no_idx" ON "crm_holding"("crm_no");

-- CreateIndex
CREATE INDEX "crm_holding_maturity_date_idx" ON "crm_holding"("maturity_date");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");

-- AddForeignKey
ALTER TABLE "org_unit" ADD CONSTRAINT "org_unit_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff" ADD CONSTRAINT "staff_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer" ADD CONSTRAINT "customer_crm_no_fkey" FOREIGN KEY ("crm_no") REFERENCES "crm_customer"("crm_no") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "advisor_customer" ADD CONSTRAINT "advisor_customer_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "advisor_customer" ADD CONSTRAINT "advisor_customer_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relationship_event" ADD CONSTRAINT "relationship_event_relationship_id_fkey" FOREIGN KEY ("relationship_id") REFERENCES "advisor_customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_tag" ADD CONSTRAINT "customer_tag_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_tag" ADD CONSTRAINT "customer_tag_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tag"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_customer" ADD CONSTRAINT "crm_customer_owner_staff_id_fkey" FOREIGN KEY ("owner_staff_id") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_holding" ADD CONSTRAINT "crm_holding_crm_no_fkey" FOREIGN KEY ("crm_no") REFERENCES "crm_customer"("crm_no") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_holding" ADD CONSTRAINT "crm_holding_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit log is append-only: refuse UPDATE and DELETE at the database, whoever asks.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
