CREATE TABLE `account_preferences` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `key`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `log_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`change_id` text NOT NULL,
	`seq` integer NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`status` integer,
	`duration_ms` integer NOT NULL,
	`attempts` integer NOT NULL,
	`waited_ms` integer NOT NULL,
	`request_body` text,
	`response_body` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `log_requests_change_idx` ON `log_requests` (`change_id`,`seq`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `plog_target_idx` ON `provisioning_log` (`target_id`);--> statement-breakpoint
CREATE INDEX `plog_job_time_idx` ON `provisioning_log` (`job_id`,`activity_date_time`);--> statement-breakpoint
CREATE INDEX `plog_action_time_idx` ON `provisioning_log` (`provisioning_action`,`activity_date_time`);--> statement-breakpoint
CREATE INDEX `plog_error_time_idx` ON `provisioning_log` (`error_code`,`activity_date_time`);--> statement-breakpoint
CREATE INDEX `plog_duration_idx` ON `provisioning_log` (`duration_ms`,`id`);