ALTER TABLE "vrps" ADD COLUMN "expires" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vrps_staging" ADD COLUMN "expires" timestamp with time zone;