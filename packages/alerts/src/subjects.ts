/** What a subscription can follow, and which event kinds apply to each kind of subject. */
import { type AlertEventKind, alertEventKinds } from "@atalaya/db";

export type Subject =
  | { kind: "network"; asn: number }
  | { kind: "organisation"; id: string }
  | { kind: "economy"; cc: string };
export type SubjectKind = Subject["kind"];

/**
 * Event kinds per subject kind; a subscription without `events` gets all of its subject's. The
 * monthly report is per organisation; an economy gets its weekly summary.
 */
export const EVENTS_BY_SUBJECT: Record<SubjectKind, readonly AlertEventKind[]> = {
  network: alertEventKinds.filter((k) => k !== "economy-weekly" && k !== "monthly-report"),
  organisation: alertEventKinds.filter((k) => k !== "economy-weekly"),
  economy: ["economy-weekly"],
};

/** The request field that names the subject, for error messages. */
export const SUBJECT_FIELD: Record<SubjectKind, "asn" | "organisation" | "cc"> = {
  network: "asn",
  organisation: "organisation",
  economy: "cc",
};

/** The subject as a page path of the dashboard. */
export function subjectPath(subject: Subject): string {
  if (subject.kind === "network") return `/as/${subject.asn}`;
  if (subject.kind === "organisation") return `/org/${encodeURIComponent(subject.id)}`;
  return `/country/${subject.cc}`;
}
