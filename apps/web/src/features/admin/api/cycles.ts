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
