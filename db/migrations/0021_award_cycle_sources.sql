ALTER TABLE "award_cycles" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "award_cycles" ADD COLUMN "additional_sources" text[] DEFAULT '{}'::text[] NOT NULL;