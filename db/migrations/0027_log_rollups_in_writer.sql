-- Issue 16: the report rollups are kept by the log writer (src/log/rollups.ts), one upsert per group of a
-- batch in the transaction that inserts the rows, instead of these per-row triggers (about half of an
-- insert's time). The counts they kept so far stay as they are: the writer adds to them from here on.
DROP TRIGGER IF EXISTS `plog_report_rollup`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `plog_report_rollup_daily`;
