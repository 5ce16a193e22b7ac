import { FormError } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { useNominate } from "../api/nominations";

/** The chair's "nominate" from a row of the eligibility board; the server freezes the evidence. */
export function NominateButton({ awardCycleId, asn }: { awardCycleId: number; asn: number }) {
  const t = useT();
  const nominate = useNominate(awardCycleId);
  if (nominate.isSuccess) return <span role="status">{t("evidence.nominated")}</span>;
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={nominate.isPending}
        onClick={() => nominate.mutate({ kind: "network", id: String(asn) })}
      >
        {t("evidence.nominate")}
      </button>
      <FormError error={nominate.error} />
    </>
  );
}
