CREATE TABLE "registry_prefix_routing" (
	"prefix" "cidr" NOT NULL,
	"announced" boolean NOT NULL,
	"run_id" integer NOT NULL,
	CONSTRAINT "registry_prefix_routing_prefix_pk" PRIMARY KEY("prefix")
);
--> statement-breakpoint
CREATE TABLE "registry_prefix_routing_staging" (
	"prefix" "cidr" NOT NULL,
	"announced" boolean NOT NULL,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "route_validity" ADD COLUMN "peers" integer;--> statement-breakpoint
ALTER TABLE "route_validity_staging" ADD COLUMN "peers" integer;