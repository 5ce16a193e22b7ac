CREATE TABLE "context_series" (
	"source" text NOT NULL,
	"scope" text NOT NULL,
	"date" date NOT NULL,
	"total" double precision NOT NULL,
	"native" double precision,
	"run_id" integer NOT NULL,
	CONSTRAINT "context_series_source_scope_date_pk" PRIMARY KEY("source","scope","date")
);
--> statement-breakpoint
CREATE TABLE "context_series_staging" (
	"source" text NOT NULL,
	"scope" text NOT NULL,
	"date" date NOT NULL,
	"total" double precision NOT NULL,
	"native" double precision,
	"run_id" integer NOT NULL
);
