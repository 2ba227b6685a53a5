-- DropIndex
DROP INDEX "advisor_customer_staff_id_status_idx";

-- CreateIndex
CREATE INDEX "advisor_customer_staff_id_status_added_at_id_idx" ON "advisor_customer"("staff_id", "status", "added_at" DESC, "id");
