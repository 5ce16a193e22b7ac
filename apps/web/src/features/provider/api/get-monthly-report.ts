import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";
import type { Locale } from "../../../lib/i18n";

type Endpoint = (typeof api.v1.organisations)[":id"]["reports"][":month"];
export type MonthlyReport = InferResponseType<Endpoint["$get"], 200>;
export type ReportFix = MonthlyReport["data"]["fixes"][number];

/** `id` as the API writes it (`lacnic:900001`), `month` as `YYYY-MM`, in the dashboard's language. */
export const getMonthlyReport = (id: string, month: string, lang: Locale) =>
  unwrap(api.v1.organisations[":id"].reports[":month"].$get({ param: { id, month }, query: { lang } }));

export const getMonthlyReportQueryOptions = (id: string, month: string, lang: Locale) =>
  queryOptions({
    queryKey: ["monthly-report", id, month, lang],
    queryFn: () => getMonthlyReport(id, month, lang),
  });

export const useMonthlyReport = (id: string, month: string, lang: Locale) =>
  useQuery(getMonthlyReportQueryOptions(id, month, lang));
