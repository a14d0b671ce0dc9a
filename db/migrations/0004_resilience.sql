CREATE TABLE `escrows` (
	`app_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`action` text NOT NULL,
	`source_display_name` text,
	`attempts` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`next_attempt` integer NOT NULL,
	`error_code` text,
	`error_reason` text,
	`cycle_id` text NOT NULL,
	PRIMARY KEY(`app_id`, `source_id`),
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `escrows_app_next_idx` ON `escrows` (`app_id`,`next_attempt`);--> statement-breakpoint
ALTER TABLE `applications` ADD `requests_per_second` real;--> statement-breakpoint
ALTER TABLE `applications` ADD `prevent_deletes` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `delete_threshold` integer DEFAULT 500 NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `delete_threshold_percent` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `skip_out_of_scope_deletions` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `action_create` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `action_update` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `action_delete` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `send_failure_email` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_min_failures` integer DEFAULT 5000 NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_failure_percent` integer DEFAULT 40 NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_backoff_hours` text DEFAULT '6,12,24' NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_reason` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_detail` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_since` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_next_attempt` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_series_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `quarantine_notified` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `force_deletes` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `token_expires_at` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `token_expiry_notified` text;--> statement-breakpoint
ALTER TABLE `cycles` ADD `staged` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `requests` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `retries` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `throttled` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `waited_ms` integer DEFAULT 0 NOT NULL;