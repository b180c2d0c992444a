-- The people cache and its epoch go (issue 15 item 5: ~5 µs a lookup saved,
-- not felt). Its nine triggers were made at run time by the old
-- ensurePeopleEpoch, not by a migration; dropped first, or every write to
-- Person, Role or Board would fail on the missing table.
DROP TRIGGER IF EXISTS "PeopleEpoch_person_insert";
DROP TRIGGER IF EXISTS "PeopleEpoch_person_update";
DROP TRIGGER IF EXISTS "PeopleEpoch_person_delete";
DROP TRIGGER IF EXISTS "PeopleEpoch_role_insert";
DROP TRIGGER IF EXISTS "PeopleEpoch_role_update";
DROP TRIGGER IF EXISTS "PeopleEpoch_role_delete";
DROP TRIGGER IF EXISTS "PeopleEpoch_board_insert";
DROP TRIGGER IF EXISTS "PeopleEpoch_board_update";
DROP TRIGGER IF EXISTS "PeopleEpoch_board_delete";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "PeopleEpoch";
PRAGMA foreign_keys=on;
