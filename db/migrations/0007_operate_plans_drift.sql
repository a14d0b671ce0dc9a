CREATE TABLE `drift_ignores` (
	`app_id` text NOT NULL,
	`key` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`app_id`, `key`),
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `drift_items` (
	`report_id` text NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`object_type` text DEFAULT 'user' NOT NULL,
	`source_id` text,
	`target_id` text,
	`display_name` text,
	`match_source_id` text,
	`attributes` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	PRIMARY KEY(`report_id`, `seq`),
	FOREIGN KEY (`report_id`) REFERENCES `drift_reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `drift_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`counts` text NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drift_reports_app_idx` ON `drift_reports` (`app_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dry_run_items` (
	`plan_id` text NOT NULL,
	`seq` integer NOT NULL,
	`source_id` text NOT NULL,
	`display_name` text,
	`action` text NOT NULL,
	`target_id` text,
	`reason` text,
	`changes` text NOT NULL,
	`fingerprint` text NOT NULL,
	`apply_status` text,
	`apply_note` text,
	PRIMARY KEY(`plan_id`, `seq`),
	FOREIGN KEY (`plan_id`) REFERENCES `dry_run_plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dry_run_items_action_idx` ON `dry_run_items` (`plan_id`,`action`);--> statement-breakpoint
CREATE TABLE `dry_run_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`journal_head` integer NOT NULL,
	`counts` text NOT NULL,
	`guard_note` text,
	`applied_at` integer,
	`applied_by` text,
	`apply_result` text,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dry_run_plans_app_idx` ON `dry_run_plans` (`app_id`,`created_at`);