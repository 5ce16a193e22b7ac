ALTER TABLE "daily_measurements" DROP CONSTRAINT "daily_measurements_run_id_ingest_runs_id_fk";
--> statement-breakpoint
DROP INDEX "daily_measurements_source_date_idx";