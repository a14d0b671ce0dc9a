CREATE TABLE `scim_intents` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`boot_id` text NOT NULL,
	`cycle_id` text NOT NULL,
	`object_type` text NOT NULL,
	`source_id` text NOT NULL,
	`source_display_name` text,
	`action` text NOT NULL,
	`target_id` text,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scim_intents_app_idx` ON `scim_intents` (`app_id`,`boot_id`);