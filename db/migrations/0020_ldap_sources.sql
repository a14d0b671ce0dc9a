CREATE TABLE `source_syncs` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`type` text NOT NULL,
	`trigger` text NOT NULL,
	`state` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`disabled` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`error` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `source_syncs_source_idx` ON `source_syncs` (`source_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `source_objects` ADD `dn` text;--> statement-breakpoint
CREATE INDEX `source_objects_dn_idx` ON `source_objects` (`source_id`,`dn`);--> statement-breakpoint
ALTER TABLE `sources` ADD `config` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `secret` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `cursor` text;