CREATE TABLE `log_streams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`log` text NOT NULL,
	`sink_type` text NOT NULL,
	`sink_config` text NOT NULL,
	`sink_secret` text,
	`filter` text DEFAULT '{}' NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	`last_delivered_at` integer,
	`last_error` text,
	`last_error_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_streams_name_uq` ON `log_streams` (lower("name"));