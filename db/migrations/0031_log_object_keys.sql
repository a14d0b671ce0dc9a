-- Issue 16: log rows are found by source or target id through a contentless FTS5 table of one token per id
-- (src/log/object-keys.ts) instead of these two b-tree indexes. Their keys are random, so every insert descended
-- both to a random leaf: most of the writer's time. FTS5 writes new tokens as one sorted segment per commit and
-- merges segments later. detail=none: a lookup needs rowids only.
-- contentless_delete=1 is incompatible with columnsize=0 (see 0006). The token text here must equal keyToken's;
-- hex(NULL) is '' (not NULL), so a missing target is tested with CASE rather than coalesced.
CREATE VIRTUAL TABLE `provisioning_log_keys` USING fts5(keys, content='', contentless_delete=1, detail=none, tokenize='ascii');
--> statement-breakpoint
INSERT INTO provisioning_log_keys(rowid, keys) SELECT rowid, 's' || lower(hex(substr(CAST(source_id AS BLOB), 1, 200))) || CASE WHEN target_id IS NULL THEN '' ELSE ' t' || lower(hex(substr(CAST(target_id AS BLOB), 1, 200))) END FROM provisioning_log;
--> statement-breakpoint
CREATE TRIGGER `provisioning_log_keys_ad` AFTER DELETE ON `provisioning_log` BEGIN
  DELETE FROM provisioning_log_keys WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `provisioning_log_keys_au` AFTER UPDATE OF source_id, target_id ON `provisioning_log` BEGIN
  DELETE FROM provisioning_log_keys WHERE rowid = old.rowid;
  INSERT INTO provisioning_log_keys(rowid, keys) VALUES (new.rowid, 's' || lower(hex(substr(CAST(new.source_id AS BLOB), 1, 200))) || CASE WHEN new.target_id IS NULL THEN '' ELSE ' t' || lower(hex(substr(CAST(new.target_id AS BLOB), 1, 200))) END);
END;
--> statement-breakpoint
DROP INDEX `plog_source_idx`;
--> statement-breakpoint
DROP INDEX `plog_target_idx`;
