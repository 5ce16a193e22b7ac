CREATE TABLE "invitations" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_asns" (
	"user_id" integer NOT NULL,
	"asn" bigint NOT NULL,
	CONSTRAINT "user_asns_user_id_asn_pk" PRIMARY KEY("user_id","asn")
);
--> statement-breakpoint
CREATE TABLE "user_organisations" (
	"user_id" integer NOT NULL,
	"organisation_id" text NOT NULL,
	CONSTRAINT "user_organisations_user_id_organisation_id_pk" PRIMARY KEY("user_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"is_chair" boolean DEFAULT false NOT NULL,
	"country" char(2),
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "award_releases" (
	"award_cycle_id" integer PRIMARY KEY NOT NULL,
	"released_by" integer NOT NULL,
	"released_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_cycles" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"registration_opens_at" timestamp with time zone NOT NULL,
	"registration_closes_at" timestamp with time zone NOT NULL,
	"window_starts_at" timestamp with time zone NOT NULL,
	"window_days" integer DEFAULT 30 NOT NULL,
	"report_deadline_at" timestamp with time zone NOT NULL,
	"review_ends_at" timestamp with time zone NOT NULL,
	"release_at" timestamp with time zone NOT NULL,
	"country_conflicts" boolean DEFAULT false NOT NULL,
	"released_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_cycles_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "challenge_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"cycle_id" integer NOT NULL,
	"organisation_id" text NOT NULL,
	"name" text NOT NULL,
	"cc" char(2),
	"contacts" jsonb NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_entries_cycle_org" UNIQUE("cycle_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "declared_conflicts" (
	"entry_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"note" text NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	CONSTRAINT "declared_conflicts_entry_id_user_id_pk" PRIMARY KEY("entry_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "entry_asns" (
	"entry_id" integer NOT NULL,
	"asn" bigint NOT NULL,
	CONSTRAINT "entry_asns_entry_id_asn_pk" PRIMARY KEY("entry_id","asn")
);
--> statement-breakpoint
CREATE TABLE "entry_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_outcomes" (
	"entry_id" integer PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"decided_by" integer NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_reports" (
	"entry_id" integer PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" integer NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_services" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"kind" text NOT NULL,
	"host" text NOT NULL,
	CONSTRAINT "entry_services_unique" UNIQUE("entry_id","kind","host")
);
--> statement-breakpoint
CREATE TABLE "jim_bound_nominations" (
	"id" serial PRIMARY KEY NOT NULL,
	"award_cycle_id" integer NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"name" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"nominated_by" integer NOT NULL,
	"nominated_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decision_evidence" jsonb,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "jim_bound_nominations_subject" UNIQUE("award_cycle_id","subject_kind","subject_id")
);
--> statement-breakpoint
CREATE TABLE "jim_bound_votes" (
	"nomination_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"vote" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"voted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "jim_bound_votes_nomination_id_user_id_pk" PRIMARY KEY("nomination_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "review_scores" (
	"entry_id" integer NOT NULL,
	"reviewer_id" integer NOT NULL,
	"originality" smallint NOT NULL,
	"experience" smallint NOT NULL,
	"applicability" smallint NOT NULL,
	"replicability" smallint NOT NULL,
	"development" smallint NOT NULL,
	"comments" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_scores_entry_id_reviewer_id_pk" PRIMARY KEY("entry_id","reviewer_id")
);
--> statement-breakpoint
CREATE TABLE "service_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"check" text NOT NULL,
	"target" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_asns" ADD CONSTRAINT "user_asns_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_organisations" ADD CONSTRAINT "user_organisations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_releases" ADD CONSTRAINT "award_releases_award_cycle_id_award_cycles_id_fk" FOREIGN KEY ("award_cycle_id") REFERENCES "public"."award_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_releases" ADD CONSTRAINT "award_releases_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_cycles" ADD CONSTRAINT "challenge_cycles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_entries" ADD CONSTRAINT "challenge_entries_cycle_id_challenge_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."challenge_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_entries" ADD CONSTRAINT "challenge_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declared_conflicts" ADD CONSTRAINT "declared_conflicts_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declared_conflicts" ADD CONSTRAINT "declared_conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_asns" ADD CONSTRAINT "entry_asns_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_comments" ADD CONSTRAINT "entry_comments_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_comments" ADD CONSTRAINT "entry_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_outcomes" ADD CONSTRAINT "entry_outcomes_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_outcomes" ADD CONSTRAINT "entry_outcomes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_reports" ADD CONSTRAINT "entry_reports_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_reports" ADD CONSTRAINT "entry_reports_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_services" ADD CONSTRAINT "entry_services_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_nominations" ADD CONSTRAINT "jim_bound_nominations_award_cycle_id_award_cycles_id_fk" FOREIGN KEY ("award_cycle_id") REFERENCES "public"."award_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_nominations" ADD CONSTRAINT "jim_bound_nominations_nominated_by_users_id_fk" FOREIGN KEY ("nominated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_nominations" ADD CONSTRAINT "jim_bound_nominations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_votes" ADD CONSTRAINT "jim_bound_votes_nomination_id_jim_bound_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."jim_bound_nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jim_bound_votes" ADD CONSTRAINT "jim_bound_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_checks" ADD CONSTRAINT "service_checks_entry_id_challenge_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."challenge_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_checks" ADD CONSTRAINT "service_checks_service_id_entry_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."entry_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "entry_comments_entry_idx" ON "entry_comments" USING btree ("entry_id","id");--> statement-breakpoint
CREATE INDEX "service_checks_entry_idx" ON "service_checks" USING btree ("entry_id","checked_at");