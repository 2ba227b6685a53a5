-- AlterTable
ALTER TABLE "relationship_event" ADD COLUMN     "source_event_id" TEXT;

-- CreateTable
CREATE TABLE "wecom_event" (
    "id" TEXT NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "change_type" TEXT,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "outcome" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "wecom_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_order" (
    "out_trade_no" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "payer_openid" TEXT NOT NULL,
    "prepay_id" TEXT,
    "trade_state" TEXT NOT NULL DEFAULT 'NOTPAY',
    "transaction_id" TEXT,
    "paid_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "payment_order_pkey" PRIMARY KEY ("out_trade_no")
);

-- CreateTable
CREATE TABLE "payment_notification" (
    "id" TEXT NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "out_trade_no" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "trade_state" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "success_time" TIMESTAMP(3),
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "wecom_event_dedup_key_key" ON "wecom_event"("dedup_key");

-- CreateIndex
CREATE INDEX "wecom_event_processed_at_idx" ON "wecom_event"("processed_at");

-- CreateIndex
CREATE INDEX "wecom_event_event_received_at_idx" ON "wecom_event"("event", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "payment_order_transaction_id_key" ON "payment_order"("transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_notification_transaction_id_key" ON "payment_notification"("transaction_id");

-- CreateIndex
CREATE INDEX "payment_notification_out_trade_no_idx" ON "payment_notification"("out_trade_no");

-- CreateIndex
CREATE UNIQUE INDEX "relationship_event_source_event_id_key" ON "relationship_event"("source_event_id");

-- AddForeignKey
ALTER TABLE "payment_notification" ADD CONSTRAINT "payment_notification_out_trade_no_fkey" FOREIGN KEY ("out_trade_no") REFERENCES "payment_order"("out_trade_no") ON DELETE RESTRICT ON UPDATE CASCADE;
