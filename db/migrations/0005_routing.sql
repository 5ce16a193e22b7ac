CREATE TABLE "route_validity" (
	"prefix" "cidr" NOT NULL,
	"origin" text NOT NULL,
	"origin_asn" bigint,
	"state" text NOT NULL,
	"reason" text,
	"run_id" integer NOT NULL,
	CONSTRAINT "route_validity_prefix_origin_pk" PRIMARY KEY("prefix","origin")
);
--> statement-breakpoint
CREATE TABLE "route_validity_staging" (
	"prefix" "cidr" NOT NULL,
	"origin" text NOT NULL,
	"origin_asn" bigint,
	"state" text NOT NULL,
	"reason" text,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routes" (
	"source" text NOT NULL,
	"prefix" "cidr" NOT NULL,
	"origin" text NOT NULL,
	"origin_asn" bigint,
	"peers" integer,
	"run_id" integer NOT NULL,
	CONSTRAINT "routes_source_prefix_origin_pk" PRIMARY KEY("source","prefix","origin")
);
--> statement-breakpoint
CREATE TABLE "routes_staging" (
	"source" text NOT NULL,
	"prefix" "cidr" NOT NULL,
	"origin" text NOT NULL,
	"origin_asn" bigint,
	"peers" integer,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vrps" (
	"asn" bigint NOT NULL,
	"prefix" "cidr" NOT NULL,
	"max_length" integer NOT NULL,
	"trust_anchor" text,
	"run_id" integer NOT NULL,
	CONSTRAINT "vrps_asn_prefix_max_length_pk" PRIMARY KEY("asn","prefix","max_length")
);
--> statement-breakpoint
CREATE TABLE "vrps_staging" (
	"asn" bigint NOT NULL,
	"prefix" "cidr" NOT NULL,
	"max_length" integer NOT NULL,
	"trust_anchor" text,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "route_validity_origin_asn_idx" ON "route_validity" USING btree ("origin_asn");--> statement-breakpoint
CREATE INDEX "routes_origin_asn_idx" ON "routes" USING btree ("origin_asn");