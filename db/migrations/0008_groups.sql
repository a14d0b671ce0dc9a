CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`member_id` text NOT NULL,
	`member_type` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `member_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_member_idx` ON `group_members` (`member_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`mail_nickname` text,
	`description` text,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_display_name_uq` ON `groups` (lower("display_name"));--> statement-breakpoint
ALTER TABLE `applications` ADD `provision_groups` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `flatten_nested_groups` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `group_members_per_request` integer DEFAULT 100 NOT NULL;