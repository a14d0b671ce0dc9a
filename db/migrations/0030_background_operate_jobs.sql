ALTER TABLE `drift_reports` ADD `status` text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE `drift_reports` ADD `progress_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `drift_reports` ADD `progress_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `drift_reports` ADD `error` text;--> statement-breakpoint
ALTER TABLE `drift_reports` ADD `finished_at` integer;--> statement-breakpoint
ALTER TABLE `dry_run_plans` ADD `progress_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `dry_run_plans` ADD `progress_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `dry_run_plans` ADD `error` text;--> statement-breakpoint
ALTER TABLE `dry_run_plans` ADD `finished_at` integer;