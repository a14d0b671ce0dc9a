ALTER TABLE `applications` ADD `user_mappings` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `group_mappings` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `user_scoping` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `group_scoping` text;