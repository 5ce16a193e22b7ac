CREATE TABLE "validation_basis" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"vrp_run_id" integer,
	"run_id" integer NOT NULL
);
