CREATE TABLE `alert_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`status` text NOT NULL,
	`error` text,
	FOREIGN KEY (`delivery_id`) REFERENCES `alert_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_attempts_delivery_idx` ON `alert_attempts` (`delivery_id`);--> statement-breakpoint
CREATE TABLE `alert_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`event` text NOT NULL,
	`channel` text NOT NULL,
	`target` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_deliveries_due_idx` ON `alert_deliveries` (`status`,`next_attempt`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_subject_idx` ON `alert_deliveries` (`subject_id`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`threshold` real,
	`window_minutes` integer,
	`app_ids` text,
	`severity` text NOT NULL,
	`mute_until` integer,
	`channels` text NOT NULL,
	`channels_view` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text NOT NULL,
	`rule_name` text NOT NULL,
	`severity` text NOT NULL,
	`app_id` text NOT NULL,
	`state` text NOT NULL,
	`fired_at` integer NOT NULL,
	`resolved_at` integer,
	`summary` text NOT NULL,
	`logs_query` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_firing_uq` ON `alerts` (`rule_id`,`app_id`) WHERE state = 'firing';--> statement-breakpoint
CREATE INDEX `alerts_fired_idx` ON `alerts` (`fired_at`,`id`);--> statement-breakpoint
CREATE TABLE `report_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`report_key` text NOT NULL,
	`range` text NOT NULL,
	`app_id` text,
	`frequency` text NOT NULL,
	`recipients` text NOT NULL,
	`next_run_at` integer NOT NULL,
	`last_run_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
