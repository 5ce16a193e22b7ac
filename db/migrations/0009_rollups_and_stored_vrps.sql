CREATE TABLE "economy_days" (
	"cc" char(2) NOT NULL,
	"date" date NOT NULL,
	"min_samples" integer NOT NULL,
	"weighted" double precision NOT NULL,
	"users" double precision NOT NULL,
	"networks" integer NOT NULL,
	"with_users" integer NOT NULL,
	"hits" double precision NOT NULL,
	"samples" double precision NOT NULL,
	"run_id" integer NOT NULL,
	CONSTRAINT "economy_days_date_cc_pk" PRIMARY KEY("date","cc")
);
--> statement-breakpoint
CREATE TABLE "measurement_extents" (
	"source" text PRIMARY KEY NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measurement_windows" (
	"grouping" text NOT NULL,
	"key" text NOT NULL,
	"source" text NOT NULL,
	"window_end" date NOT NULL,
	"window_days" integer NOT NULL,
	"samples_capable" double precision NOT NULL,
	"capable" double precision NOT NULL,
	"days_capable" integer NOT NULL,
	"samples_preferred" double precision NOT NULL,
	"preferred" double precision NOT NULL,
	"days_preferred" integer NOT NULL,
	"samples_ipv6" double precision NOT NULL,
	"ipv6" double precision NOT NULL,
	"days_ipv6" integer NOT NULL,
	"run_id" integer NOT NULL,
	CONSTRAINT "measurement_windows_grouping_window_end_key_source_pk" PRIMARY KEY("grouping","window_end","key","source")
);
--> statement-breakpoint
ALTER TABLE "route_validity" ADD COLUMN "vrps" text;--> statement-breakpoint
ALTER TABLE "route_validity_staging" ADD COLUMN "vrps" text;--> statement-breakpoint
CREATE INDEX "vrps_prefix_gist_idx" ON "vrps" USING gist ("prefix" inet_ops);