CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`last_login_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_uq` ON `accounts` (lower("email"));--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `app_assignments` (
	`app_id` text NOT NULL,
	`principal_id` text NOT NULL,
	`principal_type` text DEFAULT 'user' NOT NULL,
	`role_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`app_id`, `principal_id`),
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_id`) REFERENCES `app_roles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `app_assignments_principal_idx` ON `app_assignments` (`principal_id`);--> statement-breakpoint
CREATE TABLE `app_roles` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`display_name` text NOT NULL,
	`is_default_access` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `app_roles_app_name_uq` ON `app_roles` (`app_id`,`display_name`);--> statement-breakpoint
CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`template` text NOT NULL,
	`tenant_url` text,
	`secret_token_enc` text,
	`allow_http` integer DEFAULT false NOT NULL,
	`scope` text DEFAULT 'assigned' NOT NULL,
	`notification_email` text,
	`provisioning_enabled` integer DEFAULT false NOT NULL,
	`job_id` text NOT NULL,
	`schedule` text DEFAULT '*/5 * * * *' NOT NULL,
	`max_concurrency` integer DEFAULT 4 NOT NULL,
	`watermark` integer DEFAULT 0 NOT NULL,
	`initial_cycle_done` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`activity` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`ip` text,
	`result` text DEFAULT 'success' NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `connector_objects` (
	`app_id` text NOT NULL,
	`source_id` text NOT NULL,
	`object_type` text DEFAULT 'user' NOT NULL,
	`target_id` text NOT NULL,
	`exported` text NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`app_id`, `source_id`),
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cycles` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`job_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`initiated_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`total` integer DEFAULT 0 NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`disabled` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`watermark_from` integer DEFAULT 0 NOT NULL,
	`watermark_to` integer,
	`error` text,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cycles_app_started_idx` ON `cycles` (`app_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `directory_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`app_id` text,
	`kind` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `directory_changes_object_idx` ON `directory_changes` (`object_id`);--> statement-breakpoint
CREATE TABLE `provisioning_log` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`activity_date_time` integer NOT NULL,
	`job_id` text NOT NULL,
	`cycle_id` text NOT NULL,
	`provisioning_action` text NOT NULL,
	`status` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`initiated_by_type` text NOT NULL,
	`initiated_by_name` text NOT NULL,
	`source_id` text NOT NULL,
	`source_display_name` text,
	`source_type` text NOT NULL,
	`target_id` text,
	`target_display_name` text,
	`source_system` text NOT NULL,
	`target_system` text NOT NULL,
	`error_code` text,
	`error_category` text,
	`error_reason` text,
	`recommended_action` text,
	`steps` text NOT NULL,
	`modified_properties` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `plog_time_idx` ON `provisioning_log` (`activity_date_time`,`id`);--> statement-breakpoint
CREATE INDEX `plog_app_time_idx` ON `provisioning_log` (`app_id`,`activity_date_time`);--> statement-breakpoint
CREATE INDEX `plog_cycle_idx` ON `provisioning_log` (`cycle_id`);--> statement-breakpoint
CREATE INDEX `plog_source_idx` ON `provisioning_log` (`source_id`);--> statement-breakpoint
CREATE INDEX `plog_status_time_idx` ON `provisioning_log` (`status`,`activity_date_time`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`user_principal_name` text NOT NULL,
	`mail` text,
	`mail_nickname` text,
	`display_name` text,
	`given_name` text,
	`surname` text,
	`job_title` text,
	`department` text,
	`employee_id` text,
	`account_enabled` integer DEFAULT true NOT NULL,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_upn_uq` ON `users` (lower("user_principal_name"));--> statement-breakpoint
CREATE INDEX `users_display_name_idx` ON `users` (`display_name`);