CREATE TABLE "jim_bound_dispute_attachments" (
	"dispute_id" integer PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"summary" jsonb NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jim_bound_disputes" (
	"id" serial PRIMARY KEY NOT NULL,
	"award_cycle_id" integer NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"name" text NOT NULL,
	"organisation_id" text,
	"text" text NOT NULL,
	"filed_by" integer NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "jim_bound_dispute_attachments" ADD CONSTRAINT "jim_bound_dispute_attachments_dispute_id_jim_bound_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."jim_bound_disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_disputes" ADD CONSTRAINT "jim_bound_disputes_award_cycle_id_award_cycles_id_fk" FOREIGN KEY ("award_cycle_id") REFERENCES "public"."award_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_disputes" ADD CONSTRAINT "jim_bound_disputes_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_disputes" ADD CONSTRAINT "jim_bound_disputes_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jim_bound_disputes_open_subject" ON "jim_bound_disputes" USING btree ("award_cycle_id","subject_kind","subject_id") WHERE "jim_bound_disputes"."status" = 'open';--> statement-breakpoint
CREATE INDEX "jim_bound_disputes_cycle_idx" ON "jim_bound_disputes" USING btree ("award_cycle_id","id");