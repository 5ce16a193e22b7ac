CREATE TABLE "jim_bound_evidence_packs" (
	"nomination_id" integer NOT NULL,
	"stage" text NOT NULL,
	"body" text NOT NULL,
	"sha256" text NOT NULL,
	"audit_id" integer NOT NULL,
	CONSTRAINT "jim_bound_evidence_packs_nomination_id_stage_pk" PRIMARY KEY("nomination_id","stage")
);
--> statement-breakpoint
ALTER TABLE "jim_bound_evidence_packs" ADD CONSTRAINT "jim_bound_evidence_packs_nomination_id_jim_bound_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."jim_bound_nominations"("id") ON DELETE no action ON UPDATE no action;