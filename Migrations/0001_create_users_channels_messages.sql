-- The example app: users, channels (many-to-many members), messages, and the model layer's change log.
-- Conventions (Sources/HalyardModel/README.md): table = model identity, column = attribute name,
-- dates = INTEGER milliseconds since 1970, `model` associations = a column holding the target's id.

CREATE TABLE "user" (
  "id"           INTEGER PRIMARY KEY AUTOINCREMENT,
  "name"         TEXT NOT NULL,
  "email"        TEXT NOT NULL UNIQUE,
  "passwordHash" TEXT,
  "createdAt"    INTEGER,
  "updatedAt"    INTEGER
);

CREATE TABLE "channel" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "name"      TEXT NOT NULL UNIQUE,
  "topic"     TEXT,
  "createdAt" INTEGER,
  "updatedAt" INTEGER
);

-- A destroyed channel or user leaves its messages in place with the reference cleared (Waterline does not
-- cascade; SET NULL keeps foreign keys valid without deleting rows behind the change log's back).
CREATE TABLE "message" (
  "id"        INTEGER PRIMARY KEY AUTOINCREMENT,
  "text"      TEXT NOT NULL,
  "channel"   INTEGER REFERENCES "channel"("id") ON DELETE SET NULL,
  "author"    INTEGER REFERENCES "user"("id") ON DELETE SET NULL,
  "createdAt" INTEGER,
  "updatedAt" INTEGER
);
CREATE INDEX "message_channel" ON "message" ("channel");
CREATE INDEX "message_author" ON "message" ("author");

-- channel.members <-> user.channels: column "channel_members" holds the channel's id, "user_channels" the user's.
CREATE TABLE "channel_members__user_channels" (
  "id"              INTEGER PRIMARY KEY,
  "channel_members" INTEGER NOT NULL REFERENCES "channel"("id") ON DELETE CASCADE,
  "user_channels"   INTEGER NOT NULL REFERENCES "user"("id") ON DELETE CASCADE,
  UNIQUE ("channel_members", "user_channels")
);
CREATE INDEX "channel_members__user_channels_user" ON "channel_members__user_channels" ("user_channels");

-- The change log `halyard_changes` is not created here: ModelStore.Builder.build() owns its DDL and creates it.
