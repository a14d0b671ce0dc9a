DROP INDEX `plog_cycle_idx`;--> statement-breakpoint
CREATE INDEX `plog_cycle_time_idx` ON `provisioning_log` (`cycle_id`,`activity_date_time`,`id`);