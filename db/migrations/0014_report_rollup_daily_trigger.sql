-- Issue 8: the daily rollup, kept by its own insert trigger next to plog_report_rollup (0012).
CREATE TRIGGER `plog_report_rollup_daily` AFTER INSERT ON `provisioning_log` BEGIN
  INSERT INTO `log_rollup_daily` (`day`, `app_id`, `action`, `status`, `error_code`, `n`, `duration_sum`, `last_at`)
  VALUES (NEW.`activity_date_time` / 86400000, NEW.`app_id`, NEW.`provisioning_action`, NEW.`status`,
          coalesce(NEW.`error_code`, ''), 1, NEW.`duration_ms`, NEW.`activity_date_time`)
  ON CONFLICT (`day`, `app_id`, `action`, `status`, `error_code`) DO UPDATE SET
    `n` = `n` + 1, `duration_sum` = `duration_sum` + excluded.`duration_sum`, `last_at` = max(`last_at`, excluded.`last_at`);
END;
--> statement-breakpoint
INSERT INTO `log_rollup_daily` (`day`, `app_id`, `action`, `status`, `error_code`, `n`, `duration_sum`, `last_at`)
SELECT `hour` / 24, `app_id`, `action`, `status`, `error_code`, sum(`n`), sum(`duration_sum`), max(`last_at`)
FROM `log_rollup_hourly` GROUP BY 1, 2, 3, 4, 5;
