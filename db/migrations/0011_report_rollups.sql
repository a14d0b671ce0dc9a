CREATE TABLE `log_rollup_hourly` (
	`hour` integer NOT NULL,
	`app_id` text NOT NULL,
	`action` text NOT NULL,
	`status` text NOT NULL,
	`error_code` text NOT NULL,
	`n` integer NOT NULL,
	`duration_sum` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`hour`, `app_id`, `action`, `status`, `error_code`)
);
--> statement-breakpoint
CREATE TABLE `log_ttp_hourly` (
	`hour` integer NOT NULL,
	`app_id` text NOT NULL,
	`bucket` integer NOT NULL,
	`n` integer NOT NULL,
	`sum_ms` integer NOT NULL,
	PRIMARY KEY(`hour`, `app_id`, `bucket`)
);
