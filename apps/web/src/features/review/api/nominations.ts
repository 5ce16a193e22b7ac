import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type InferResponseType, unwrap } from "../../../lib/api-client";

const cycles = api.v1.committee["jim-bound"].cycles;
const nominations = api.v1.committee["jim-bound"].nominations;
export type NominationList = InferResponseType<(typeof cycles)[":id"]["nominations"]["$get"], 200>["data"];
export type Nomination = NominationList["nominations"][number];

export const getNominationsQueryOptions = (awardCycleId: number) =>
  queryOptions({
    queryKey: ["committee", "jim-bound", awardCycleId],
    queryFn: () => unwrap(cycles[":id"].nominations.$get({ param: { id: String(awardCycleId) } })),
  });

export const useNominations = (awardCycleId: number) => useQuery(getNominationsQueryOptions(awardCycleId));

function useInvalidating<T>(fn: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ["committee"] }),
  });
}

export const useNominate = (awardCycleId: number) =>
  useInvalidating((subject: { kind: "network" | "organisation"; id: string }) =>
    unwrap(cycles[":id"].nominations.$post({ param: { id: String(awardCycleId) }, json: subject })),
  );

export const useVote = () =>
  useInvalidating(({ id, vote, comment }: { id: number; vote: "yes" | "no" | "abstain"; comment: string }) =>
    unwrap(nominations[":id"].vote.$put({ param: { id: String(id) }, json: { vote, comment } })),
  );

export const useDecide = () =>
  useInvalidating(({ id, outcome, note }: { id: number; outcome: "awarded" | "declined"; note: string }) =>
    unwrap(nominations[":id"].decision.$post({ param: { id: String(id) }, json: { outcome, note } })),
  );

export const useReleaseAward = () =>
  useInvalidating((awardCycleId: number) =>
    unwrap(cycles[":id"].release.$post({ param: { id: String(awardCycleId) } })),
  );
