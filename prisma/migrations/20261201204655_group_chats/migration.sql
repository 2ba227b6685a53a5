-- CreateTable
CREATE TABLE "group_chat" (
    "chat_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_user_id" TEXT NOT NULL,
    "member_version" TEXT,
    "chat_created_at" TIMESTAMP(3) NOT NULL,
    "dismissed_at" TIMESTAMP(3),
    "synced_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "group_chat_pkey" PRIMARY KEY ("chat_id")
);

-- CreateTable
CREATE TABLE "group_chat_member" (
    "chat_id" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "type" INTEGER NOT NULL,
    "joined_at" TIMESTAMP(3) NOT NULL,
    "join_scene" INTEGER,
    "name" TEXT,
    "group_nickname" TEXT,

    CONSTRAINT "group_chat_member_pkey" PRIMARY KEY ("chat_id","member_id")
);

-- CreateIndex
CREATE INDEX "group_chat_owner_user_id_idx" ON "group_chat"("owner_user_id");

-- CreateIndex
CREATE INDEX "group_chat_member_member_id_idx" ON "group_chat_member"("member_id");

-- AddForeignKey
ALTER TABLE "group_chat_member" ADD CONSTRAINT "group_chat_member_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "group_chat"("chat_id") ON DELETE CASCADE ON UPDATE CASCADE;
