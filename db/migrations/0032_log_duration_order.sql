-- Issue 16: the duration sort reads provisioning_log_durations (src/log/duration-order.ts) instead of an index on
-- provisioning_log(duration_ms, id). That index's key is near-random per insert (hundreds of insertion points
-- per batch), so every log row descended it to a random leaf and dirtied a page of its own: a quarter of the
-- writer's time. This table is filled behind the writer in sorted batches; rows after the mark's rowid are not
-- in it yet, and a duration sort reads those few from the log itself (the mark's row says where they start).
CREATE TABLE `provisioning_log_durations` (
	`duration_ms` integer NOT NULL,
	`id` text NOT NULL,
	`log_rowid` integer NOT NULL,
	PRIMARY KEY(`duration_ms`, `id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `provisioning_log_durations_mark` (
	`one` integer PRIMARY KEY NOT NULL CHECK (`one` = 1),
	`through_rowid` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `provisioning_log_durations` (`duration_ms`, `id`, `log_rowid`)
  SELECT `duration_ms`, `id`, rowid FROM `provisioning_log` ORDER BY `duration_ms`, `id`;
--> statement-breakpoint
INSERT INTO `provisioning_log_durations_mark` (`one`, `through_rowid`)
  VALUES (1, (SELECT coalesce(max(rowid), 0) FROM `provisioning_log`));
--> statement-breakpoint
DROP INDEX `plog_duration_idx`;
--> statement-breakpoint
-- A deleted row leaves the order. When the newest rows go, SQLite hands their rowids out again: the mark moves
-- back to the highest rowid left, so a new row with a reused rowid is read as not yet ordered.
CREATE TRIGGER `provisioning_log_durations_ad` AFTER DELETE ON `provisioning_log` BEGIN
  DELETE FROM provisioning_log_durations WHERE duration_ms = old.duration_ms AND id = old.id;
  UPDATE provisioning_log_durations_mark SET through_rowid = (SELECT coalesce(max(rowid), 0) FROM provisioning_log)
    WHERE through_rowid > (SELECT coalesce(max(rowid), 0) FROM provisioning_log);
END;
--> statement-breakpoint
CREATE TRIGGER `provisioning_log_durations_au` AFTER UPDATE OF duration_ms, id ON `provisioning_log` BEGIN
  DELETE FROM provisioning_log_durations WHERE duration_ms = old.duration_ms AND id = old.id;
  INSERT INTO provisioning_log_durations (duration_ms, id, log_rowid)
    SELECT new.duration_ms, new.id, new.rowid
    WHERE new.rowid <= (SELECT through_rowid FROM provisioning_log_durations_mark);
END;
