CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`watermark` integer DEFAULT 0 NOT NULL,
	`initial_cycle_done` integer DEFAULT false NOT NULL,
	`quarantine_reason` text,
	`quarantine_detail` text,
	`quarantine_since` integer,
	`quarantine_next_attempt` integer,
	`quarantine_series_count` integer DEFAULT 0 NOT NULL,
	`quarantine_notified` text,
	`force_deletes` integer DEFAULT false NOT NULL,
	`token_expiry_notified` text,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_app_idx` ON `jobs` (`app_id`);--> statement-breakpoint
-- Every existing app's job state moves with it, before the columns go (hand-written: drizzle-kit only drops).
INSERT INTO `jobs` (`id`, `app_id`, `watermark`, `initial_cycle_done`, `quarantine_reason`, `quarantine_detail`,
	`quarantine_since`, `quarantine_next_attempt`, `quarantine_series_count`, `quarantine_notified`, `force_deletes`,
	`token_expiry_notified`)
SELECT `job_id`, `id`, `watermark`, `initial_cycle_done`, `quarantine_reason`, `quarantine_detail`,
	`quarantine_since`, `quarantine_next_attempt`, `quarantine_series_count`, `quarantine_notified`, `force_deletes`,
	`token_expiry_notified`
FROM `applications`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `job_id`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `watermark`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `initial_cycle_done`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `quarantine_reason`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `quarantine_detail`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `quarantine_since`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `quarantine_next_attempt`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `quarantine_series_count`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `quarantine_notified`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `force_deletes`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `token_expiry_notified`;