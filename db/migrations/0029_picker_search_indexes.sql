CREATE INDEX `users_display_name_lower_idx` ON `users` (lower("display_name"));--> statement-breakpoint
CREATE INDEX `users_mail_lower_idx` ON `users` (lower("mail"));