CREATE TABLE "award_cycles" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"award" text NOT NULL,
	"threshold" double precision NOT NULL,
	"metric" text NOT NULL,
	"window_days" integer NOT NULL,
	"min_days" integer NOT NULL,
	"min_samples" integer NOT NULL,
	"evaluation_date" date NOT NULL,
	"method_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "award_cycles_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "daily_measurements" (
	"source" text NOT NULL,
	"asn" bigint NOT NULL,
	"cc" char(2) NOT NULL,
	"date" date NOT NULL,
	"samples" bigint NOT NULL,
	"capable" bigint,
	"preferred" bigint,
	"ipv6" bigint,
	"run_id" integer NOT NULL,
	CONSTRAINT "daily_measurements_source_asn_cc_date_pk" PRIMARY KEY("source","asn","cc","date")
);
--> statement-breakpoint
CREATE TABLE "daily_measurements_staging" (
	"source" text NOT NULL,
	"asn" bigint NOT NULL,
	"cc" char(2) NOT NULL,
	"date" date NOT NULL,
	"samples" bigint NOT NULL,
	"capable" bigint,
	"preferred" bigint,
	"ipv6" bigint,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fetch_cache" (
	"url" text PRIMARY KEY NOT NULL,
	"status" integer NOT NULL,
	"etag" text,
	"last_modified" text,
	"sha256" text,
	"checked_at" timestamp with time zone NOT NULL,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "daily_measurements" ADD CONSTRAINT "daily_measurements_run_id_ingest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "daily_measurements_source_date_idx" ON "daily_measurements" USING btree ("source","date");