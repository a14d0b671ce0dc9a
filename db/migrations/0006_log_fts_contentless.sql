-- Full-text index of the provisioning log, take two (issue 7 insert-rate target). 0003 made the index an
-- external-content table over the view provisioning_log_search, so every insert re-parsed the row's JSON in SQL
-- and every delete had to re-derive the exact same text. Now the index is contentless with contentless_delete:
-- the writer (src/log/write.ts) supplies the text it already has in memory, and a delete needs only the rowid.
-- The view stays: it indexes updated rows here and rebuilds the index (src/log/fts.ts).
-- contentless_delete=1 is incompatible with columnsize=0, hence the default column sizes.
DROP TRIGGER IF EXISTS `provisioning_log_fts_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `provisioning_log_fts_au`;
--> statement-breakpoint
DROP TABLE IF EXISTS `provisioning_log_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `provisioning_log_fts` USING fts5(identity, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `provisioning_log_fts_ad` AFTER DELETE ON `provisioning_log` BEGIN
  DELETE FROM provisioning_log_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `provisioning_log_fts_au` AFTER UPDATE ON `provisioning_log` BEGIN
  DELETE FROM provisioning_log_fts WHERE rowid = old.rowid;
  INSERT INTO provisioning_log_fts(rowid, identity, body) SELECT log_rowid, identity, body FROM provisioning_log_search WHERE log_rowid = new.rowid;
END;
--> statement-breakpoint
INSERT INTO provisioning_log_fts(rowid, identity, body) SELECT log_rowid, identity, body FROM provisioning_log_search;
