CREATE TABLE "ingest_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"location" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"fetched_at" timestamp with time zone,
	"etag" text,
	"last_modified" text,
	"sha256" text,
	"bytes" bigint,
	"data_date" date,
	"rows" integer DEFAULT 0 NOT NULL,
	"rejected_rows" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rejected_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"line" integer NOT NULL,
	"raw" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "countries" (
	"cc" char(2) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sub_region" text NOT NULL,
	"in_lacnic_region" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "as_names_staging" (
	"run_id" integer NOT NULL,
	"asn" bigint NOT NULL,
	"name" text NOT NULL,
	"cc" char(2)
);
--> statement-breakpoint
CREATE TABLE "asns" (
	"asn" bigint PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"cc" char(2),
	"run_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"registry" text NOT NULL,
	"holder_id" text NOT NULL,
	"cc" char(2),
	"name" text,
	"first_run_id" integer NOT NULL,
	"last_run_id" integer NOT NULL,
	CONSTRAINT "organisations_registry_holder_id_pk" PRIMARY KEY("registry","holder_id")
);
--> statement-breakpoint
CREATE TABLE "registry_resources" (
	"run_id" integer NOT NULL,
	"registry" text NOT NULL,
	"cc" char(2),
	"type" text NOT NULL,
	"asn" bigint,
	"prefix" "cidr",
	"date" date,
	"status" text NOT NULL,
	"holder_id" text,
	"line" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_resources_staging" (
	"run_id" integer NOT NULL,
	"registry" text NOT NULL,
	"cc" char(2),
	"type" text NOT NULL,
	"asn" bigint,
	"prefix" "cidr",
	"date" date,
	"status" text NOT NULL,
	"holder_id" text,
	"line" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rejected_lines" ADD CONSTRAINT "rejected_lines_run_id_ingest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asns" ADD CONSTRAINT "asns_run_id_ingest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_resources" ADD CONSTRAINT "registry_resources_run_id_ingest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingest_runs_source_status_idx" ON "ingest_runs" USING btree ("source","status","id");--> statement-breakpoint
CREATE INDEX "rejected_lines_run_idx" ON "rejected_lines" USING btree ("run_id","line");--> statement-breakpoint
CREATE INDEX "registry_resources_cc_idx" ON "registry_resources" USING btree ("cc","type","status");--> statement-breakpoint
CREATE INDEX "registry_resources_registry_idx" ON "registry_resources" USING btree ("registry");--> statement-breakpoint
CREATE INDEX "registry_resources_asn_idx" ON "registry_resources" USING btree ("asn");--> statement-breakpoint
CREATE INDEX "registry_resources_holder_idx" ON "registry_resources" USING btree ("registry","holder_id");