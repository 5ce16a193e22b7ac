-- The rollups gain Σ hits² / samples per metric (method jim-bound/2). Windows rolled up before
-- this have no such sums: they are dropped, pages fall back to scanning daily_measurements until
-- the next publish recomputes them, rather than read a zero as "no spread between days".
DELETE FROM "measurement_windows";--> statement-breakpoint
ALTER TABLE "measurement_windows" ADD COLUMN "squares_capable" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "measurement_windows" ADD COLUMN "squares_preferred" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "measurement_windows" ADD COLUMN "squares_ipv6" double precision DEFAULT 0 NOT NULL;
