import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";
import type { Locale } from "../../../lib/i18n";

export type ActivitySubject =
  | { kind: "network"; asn: number }
  | { kind: "organisation"; id: string }
  | { kind: "economy"; cc: string };
type Endpoint = (typeof api.v1.asns)[":asn"]["activity"]["$get"];
export type ActivityEntry = InferResponseType<Endpoint, 200>["data"][number];

export const ACTIVITY_PAGE = 10;

function getActivity(subject: ActivitySubject, lang: Locale, before: number | undefined) {
  const query = {
    lang,
    limit: String(ACTIVITY_PAGE),
    ...(before !== undefined ? { before: String(before) } : {}),
  };
  if (subject.kind === "network")
    return unwrap(api.v1.asns[":asn"].activity.$get({ param: { asn: `AS${subject.asn}` }, query }));
  if (subject.kind === "organisation")
    return unwrap(api.v1.organisations[":id"].activity.$get({ param: { id: subject.id }, query }));
  return unwrap(api.v1.countries[":cc"].activity.$get({ param: { cc: subject.cc }, query }));
}

/** The subject's events, newest first, a page at a time ("older" asks for the next). */
export const useActivity = (subject: ActivitySubject, lang: Locale) =>
  useInfiniteQuery({
    queryKey: ["activity", subject, lang],
    queryFn: ({ pageParam }) => getActivity(subject, lang, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.data.length < ACTIVITY_PAGE ? undefined : last.data.at(-1)?.id),
  });

/** The Atom feed of the subject's events, in `lang`; economies have none (their summary is weekly). */
export function activityFeedUrl(subject: ActivitySubject, lang: Locale): string | null {
  if (subject.kind === "economy") return null;
  const name = subject.kind === "network" ? `AS${subject.asn}` : `org/${subject.id}`;
  return `/feeds/${name}.atom${lang === "en" ? "" : `?lang=${lang}`}`;
}
