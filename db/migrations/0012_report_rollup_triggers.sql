-- Issue 8: keep the report rollups in step with provisioning_log on every insert (any writer, bulk loads too).
-- Time to provision = the target write minus the latest directory change of that object read by the
-- incremental cycle that wrote it (changes after the cycle's watermark_from); initial cycles are left out,
-- since an object's last change may be months old there. Buckets: 0 <1 s, 1 <5 s, 2 <15 s, 3 <1 min,
-- 4 <5 min, 5 <15 min, 6 <1 h, 7 ≥1 h.
CREATE TRIGGER `plog_report_rollup` AFTER INSERT ON `provisioning_log` BEGIN
  INSERT INTO `log_rollup_hourly` (`hour`, `app_id`, `action`, `status`, `error_code`, `n`, `duration_sum`, `last_at`)
  VALUES (NEW.`activity_date_time` / 3600000, NEW.`app_id`, NEW.`provisioning_action`, NEW.`status`,
          coalesce(NEW.`error_code`, ''), 1, NEW.`duration_ms`, NEW.`activity_date_time`)
  ON CONFLICT (`hour`, `app_id`, `action`, `status`, `error_code`) DO UPDATE SET
    `n` = `n` + 1, `duration_sum` = `duration_sum` + excluded.`duration_sum`, `last_at` = max(`last_at`, excluded.`last_at`);
  INSERT INTO `log_ttp_hourly` (`hour`, `app_id`, `bucket`, `n`, `sum_ms`)
  SELECT NEW.`activity_date_time` / 3600000, NEW.`app_id`,
         CASE WHEN lat < 1000 THEN 0 WHEN lat < 5000 THEN 1 WHEN lat < 15000 THEN 2 WHEN lat < 60000 THEN 3
              WHEN lat < 300000 THEN 4 WHEN lat < 900000 THEN 5 WHEN lat < 3600000 THEN 6 ELSE 7 END,
         1, lat
  FROM (
    SELECT NEW.`activity_date_time` - max(d.`at`) AS lat
    FROM `cycles` c JOIN `directory_changes` d ON d.`object_id` = NEW.`source_id`
    WHERE c.`id` = NEW.`cycle_id` AND c.`type` = 'incremental' AND d.`seq` > c.`watermark_from`
      AND d.`at` <= NEW.`activity_date_time`
  )
  WHERE lat IS NOT NULL AND NEW.`status` = 'success' AND NEW.`provisioning_action` IN ('create', 'update', 'disable', 'delete')
  ON CONFLICT (`hour`, `app_id`, `bucket`) DO UPDATE SET `n` = `n` + 1, `sum_ms` = `sum_ms` + excluded.`sum_ms`;
END;
--> statement-breakpoint
-- Existing rows: the counts are rebuilt from the log (time to provision starts with this version).
INSERT INTO `log_rollup_hourly` (`hour`, `app_id`, `action`, `status`, `error_code`, `n`, `duration_sum`, `last_at`)
SELECT `activity_date_time` / 3600000, `app_id`, `provisioning_action`, `status`, coalesce(`error_code`, ''),
       count(*), sum(`duration_ms`), max(`activity_date_time`)
FROM `provisioning_log` GROUP BY 1, 2, 3, 4, 5;
