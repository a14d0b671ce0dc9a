-- Full-text search over the provisioning log (issue 7). External content: the index stores no copy of the text.
-- The content "table" is a view that derives the indexed text from the row (names and ids; error, step
-- descriptions and modified property values flattened out of the JSON columns). Rows are indexed by the writer
-- (src/log/write.ts) from that view, not by an INSERT trigger: FTS5 flushes its pending terms at every statement
-- savepoint, which a trigger opens per inserted row, and that made inserts three times slower. Updates and deletes
-- (retention purges: one statement per batch) are followed by the triggers below, which remove exactly the
-- same expressions, so the index stays in sync.
-- provisioning_log has a text primary key, so its rowid is implicit: a VACUUM may renumber rowids, after which
-- the index must be rebuilt (src/log/fts.ts rebuildLogFts). FTS5's own 'rebuild' cannot read this view (it
-- qualifies json_each with the schema name), so rows are indexed by INSERT ... SELECT from the view instead.
CREATE VIEW `provisioning_log_search` AS SELECT rowid AS log_rowid, coalesce(source_display_name, '') || ' ' || source_id || ' ' || coalesce(target_display_name, '') || ' ' || coalesce(target_id, '') AS identity, coalesce(error_code, '') || ' ' || coalesce(error_reason, '') || ' ' || coalesce((SELECT group_concat(json_extract(s.value, '$.description'), ' ') FROM json_each(steps) AS s), '') || ' ' || coalesce((SELECT group_concat(concat_ws(' ', json_extract(m.value, '$.displayName'), json_extract(m.value, '$.oldValue'), json_extract(m.value, '$.newValue')), ' ') FROM json_each(modified_properties) AS m), '') AS body FROM provisioning_log;
--> statement-breakpoint
CREATE VIRTUAL TABLE `provisioning_log_fts` USING fts5(identity, body, content='provisioning_log_search', content_rowid='log_rowid', columnsize=0, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `provisioning_log_fts_ad` AFTER DELETE ON `provisioning_log` BEGIN
  INSERT INTO provisioning_log_fts(provisioning_log_fts, rowid, identity, body) VALUES ('delete', old.rowid, coalesce(old.source_display_name, '') || ' ' || old.source_id || ' ' || coalesce(old.target_display_name, '') || ' ' || coalesce(old.target_id, ''), coalesce(old.error_code, '') || ' ' || coalesce(old.error_reason, '') || ' ' || coalesce((SELECT group_concat(json_extract(s.value, '$.description'), ' ') FROM json_each(old.steps) AS s), '') || ' ' || coalesce((SELECT group_concat(concat_ws(' ', json_extract(m.value, '$.displayName'), json_extract(m.value, '$.oldValue'), json_extract(m.value, '$.newValue')), ' ') FROM json_each(old.modified_properties) AS m), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `provisioning_log_fts_au` AFTER UPDATE ON `provisioning_log` BEGIN
  INSERT INTO provisioning_log_fts(provisioning_log_fts, rowid, identity, body) VALUES ('delete', old.rowid, coalesce(old.source_display_name, '') || ' ' || old.source_id || ' ' || coalesce(old.target_display_name, '') || ' ' || coalesce(old.target_id, ''), coalesce(old.error_code, '') || ' ' || coalesce(old.error_reason, '') || ' ' || coalesce((SELECT group_concat(json_extract(s.value, '$.description'), ' ') FROM json_each(old.steps) AS s), '') || ' ' || coalesce((SELECT group_concat(concat_ws(' ', json_extract(m.value, '$.displayName'), json_extract(m.value, '$.oldValue'), json_extract(m.value, '$.newValue')), ' ') FROM json_each(old.modified_properties) AS m), ''));
  INSERT INTO provisioning_log_fts(rowid, identity, body) VALUES (new.rowid, coalesce(new.source_display_name, '') || ' ' || new.source_id || ' ' || coalesce(new.target_display_name, '') || ' ' || coalesce(new.target_id, ''), coalesce(new.error_code, '') || ' ' || coalesce(new.error_reason, '') || ' ' || coalesce((SELECT group_concat(json_extract(s.value, '$.description'), ' ') FROM json_each(new.steps) AS s), '') || ' ' || coalesce((SELECT group_concat(concat_ws(' ', json_extract(m.value, '$.displayName'), json_extract(m.value, '$.oldValue'), json_extract(m.value, '$.newValue')), ' ') FROM json_each(new.modified_properties) AS m), ''));
END;
--> statement-breakpoint
INSERT INTO provisioning_log_fts(rowid, identity, body) SELECT log_rowid, identity, body FROM provisioning_log_search;
