CREATE TABLE `mapping_drafts` (
	`app_id` text PRIMARY KEY NOT NULL,
	`user_mappings` text,
	`group_mappings` text,
	`user_scoping` text,
	`group_scoping` text,
	`base` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `dry_run_plans` ADD `label` text;