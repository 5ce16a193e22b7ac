ALTER TABLE "alert_subscriptions" ADD COLUMN "added_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_subscriptions_asn_idx" ON "alert_subscriptions" USING btree ("asn");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_organisation_idx" ON "alert_subscriptions" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_cc_idx" ON "alert_subscriptions" USING btree ("cc");