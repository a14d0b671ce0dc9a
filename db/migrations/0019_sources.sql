CREATE TABLE `source_objects` (
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`source_id` text NOT NULL,
	`external_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`object_type`, `object_id`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `source_objects_source_idx` ON `source_objects` (`source_id`,`object_type`,`external_id`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_name_uq` ON `sources` (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `sources_token_uq` ON `sources` (`token_hash`);