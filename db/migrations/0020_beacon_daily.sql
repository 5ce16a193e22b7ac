CREATE TABLE "beacon_daily" (
	"date" date NOT NULL,
	"asn" bigint NOT NULL,
	"cc" char(2) NOT NULL,
	"tests" integer NOT NULL,
	"capable" integer NOT NULL,
	"preferred" integer NOT NULL,
	"broken" integer NOT NULL,
	"ttfb_ipv4" integer[] DEFAULT '{}' NOT NULL,
	"ttfb_ipv6" integer[] DEFAULT '{}' NOT NULL,
	"ttfb_dual" integer[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "beacon_daily_date_asn_cc_pk" PRIMARY KEY("date","asn","cc")
);
