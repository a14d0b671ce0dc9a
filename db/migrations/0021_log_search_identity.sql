-- Log search finds a row by the source object's UPN and mail, whatever the outcome (issue 15): a failed create
-- has no target name, so its UPN was in no indexed column. The import step's details carry both (engine/sync/
-- evaluate.ts importDetails); the identity text now appends them, skipping redacted values. src/log/search-text.ts
-- computes the same text for new rows; this view serves updated rows and rebuilds, and the index is rebuilt
-- here so rows written before this migration are found too.
DROP VIEW IF EXISTS `provisioning_log_search`;
--> statement-breakpoint
CREATE VIEW `provisioning_log_search` AS SELECT rowid AS log_rowid, coalesce(source_display_name, '') || ' ' || source_id || ' ' || coalesce(target_display_name, '') || ' ' || coalesce(target_id, '') || ' ' || coalesce((SELECT concat_ws(' ', nullif(json_extract(s.value, '$.details.UPN'), '[Redact]'), nullif(json_extract(s.value, '$.details.mail'), '[Redact]')) FROM json_each(steps) AS s WHERE json_extract(s.value, '$.name') = 'EntryImport' LIMIT 1), '') AS identity, coalesce(error_code, '') || ' ' || coalesce(error_reason, '') || ' ' || coalesce((SELECT group_concat(json_extract(s.value, '$.description'), ' ') FROM json_each(steps) AS s), '') || ' ' || coalesce((SELECT group_concat(concat_ws(' ', json_extract(m.value, '$.displayName'), json_extract(m.value, '$.oldValue'), json_extract(m.value, '$.newValue')), ' ') FROM json_each(modified_properties) AS m), '') AS body FROM provisioning_log;
--> statement-breakpoint
INSERT INTO provisioning_log_fts(provisioning_log_fts) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO provisioning_log_fts(rowid, identity, body) SELECT log_rowid, identity, body FROM provisioning_log_search;
