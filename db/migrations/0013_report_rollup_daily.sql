CREATE TABLE `log_rollup_daily` (
	`day` integer NOT NULL,
	`app_id` text NOT NULL,
	`action` text NOT NULL,
	`status` text NOT NULL,
	`error_code` text NOT NULL,
	`n` integer NOT NULL,
	`duration_sum` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`day`, `app_id`, `action`, `status`, `error_code`)
);
