import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client";

type NewCycle = Parameters<(typeof api.v1.admin)["challenge-cycles"]["$post"]>[0]["json"];

export function useAddCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cycle: NewCycle) => unwrap(api.v1.admin["challenge-cycles"].$post({ json: cycle })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["challenge"] }),
  });
}

type NewAwardCycle = Parameters<(typeof api.v1.admin)["award-cycles"]["$post"]>[0]["json"];

export function useAddAwardCycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cycle: NewAwardCycle) => unwrap(api.v1.admin["award-cycles"].$post({ json: cycle })),
    // The board's cycle picker lists it at once.
    onSuccess: () => client.invalidateQueries({ queryKey: ["awards", "cycles"] }),
  });
}
