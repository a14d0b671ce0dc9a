CREATE TABLE `custom_attributes` (
	`name` text PRIMARY KEY NOT NULL,
	`description` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_attributes_name_uq` ON `custom_attributes` (lower("name"));--> statement-breakpoint
ALTER TABLE `users` ADD `custom_attributes` text;