CREATE TABLE "as_population" (
	"asn" bigint NOT NULL,
	"cc" char(2) NOT NULL,
	"users" bigint NOT NULL,
	"samples" bigint,
	"run_id" integer NOT NULL,
	CONSTRAINT "as_population_asn_cc_pk" PRIMARY KEY("asn","cc")
);
--> statement-breakpoint
CREATE TABLE "as_population_staging" (
	"asn" bigint NOT NULL,
	"cc" char(2) NOT NULL,
	"users" bigint NOT NULL,
	"samples" bigint,
	"run_id" integer NOT NULL
);
