/**
 * Disputes of a Jim Bound standing: what an ISP may dispute and its own disputes, filing one, a
 * cycle's disputes for the committee, and the chair's resolution. Every mutation refreshes every
 * dispute list, so the ISP's page and the committee's panel never show a stale status.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

const disputes = api.v1.disputes;
export type Dispute = InferResponseType<(typeof disputes)["mine"]["$get"], 200>["data"][number];
export type DisputeSubject = InferResponseType<(typeof disputes)["subjects"]["$get"], 200>["data"][number];
type NewDispute = Parameters<(typeof disputes)["$post"]>[0]["form"];

export const getDisputeSubjectsQueryOptions = () =>
  queryOptions({ queryKey: ["disputes", "subjects"], queryFn: () => unwrap(disputes.subjects.$get()) });
export const useDisputeSubjects = () => useQuery(getDisputeSubjectsQueryOptions());

export const getMyDisputesQueryOptions = () =>
  queryOptions({ queryKey: ["disputes", "mine"], queryFn: () => unwrap(disputes.mine.$get()) });
export const useMyDisputes = () => useQuery(getMyDisputesQueryOptions());

export const getCycleDisputesQueryOptions = (awardCycleId: number) =>
  queryOptions({
    queryKey: ["disputes", "cycle", awardCycleId],
    queryFn: () => unwrap(disputes.cycles[":id"].$get({ param: { id: String(awardCycleId) } })),
  });
export const useCycleDisputes = (awardCycleId: number) =>
  useQuery(getCycleDisputesQueryOptions(awardCycleId));

/** The attachment's download address, built by the typed client. */
export const disputeAttachmentUrl = (id: number) =>
  disputes[":id"].attachment.$url({ param: { id: String(id) } }).toString();

function useInvalidating<T, R>(fn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ["disputes"] }),
  });
}

export const useFileDispute = () => useInvalidating((form: NewDispute) => unwrap(disputes.$post({ form })));

export const useResolveDispute = () =>
  useInvalidating(({ id, outcome, reason }: { id: number; outcome: "upheld" | "rejected"; reason: string }) =>
    unwrap(disputes[":id"].resolution.$post({ param: { id: String(id) }, json: { outcome, reason } })),
  );
