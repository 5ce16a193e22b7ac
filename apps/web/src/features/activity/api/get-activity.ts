import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";
import type { Locale } from "../../../lib/i18n";

export type ActivitySubject = { kind: "network"; asn: number } | { kind: "organisation"; id: string };
type Endpoint = (typeof api.v1.asns)[":id"]["activity"]["$get"];
export type ActivityEntry = InferResponseType<Endpoint, 200>["data"][number];

export const ACTIVITY_PAGE = 10;

function getActivity(subject: ActivitySubject, lang: Locale, before: number | undefined) {
  const query = {
    lang,
    limit: String(ACTIVITY_PAGE),
    ...(before !== undefined ? { before: String(before) } : {}),
  };
  return unwrap(
    subject.kind === "network"
      ? api.v1.asns[":id"].activity.$get({ param: { id: `AS${subject.asn}` }, query })
      : api.v1.organisations[":id"].activity.$get({ param: { id: subject.id }, query }),
  );
}

/** The subject's events, newest first, a page at a time ("older" asks for the next). */
export const useActivity = (subject: ActivitySubject, lang: Locale) =>
  useInfiniteQuery({
    queryKey: ["activity", subject, lang],
    queryFn: ({ pageParam }) => getActivity(subject, lang, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.data.length < ACTIVITY_PAGE ? undefined : last.data.at(-1)?.id),
  });

/** The Atom feed of the subject's events, in `lang`. */
export const activityFeedUrl = (subject: ActivitySubject, lang: Locale) =>
  `/feeds/${subject.kind === "network" ? `AS${subject.asn}` : `org/${subject.id}`}.atom${lang === "en" ? "" : `?lang=${lang}`}`;
