import { LoadError, Loading } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { type Dispute, useCycleDisputes } from "../api/disputes";
import { DisputeCard } from "./dispute-card";
import { ResolveForm } from "./resolve-form";

interface Subject {
  subjectKind: string;
  subjectId: string;
}

const sameSubject = (a: Subject, b: Subject) =>
  a.subjectKind === b.subjectKind && a.subjectId === b.subjectId;

function DisputeList({ disputes, isChair }: { disputes: Dispute[]; isChair: boolean }) {
  return (
    <>
      {disputes.map((d) => (
        <DisputeCard key={d.id} dispute={d}>
          {isChair && d.status === "open" && <ResolveForm dispute={d} />}
        </DisputeCard>
      ))}
    </>
  );
}

/** The disputes of one nominated subject, shown inside its nomination (committee view). */
export function DisputesBeside({
  awardCycleId,
  subject,
  isChair,
}: {
  awardCycleId: number;
  subject: Subject;
  isChair: boolean;
}) {
  const t = useT();
  const list = useCycleDisputes(awardCycleId);
  // The panel of other disputes below says when the list cannot load; here it simply stays out.
  if (list.isPending || list.isError) return null;
  const disputes = list.data.data.filter((d) => sameSubject(d, subject));
  if (disputes.length === 0) return null;
  return (
    <section className="disputes-beside" aria-label={t("disputes.besideLabel")}>
      <DisputeList disputes={disputes} isChair={isChair} />
    </section>
  );
}

/** Disputes of subjects nobody nominated: the committee still reads and resolves them. */
export function OtherDisputes({
  awardCycleId,
  nominated,
  isChair,
}: {
  awardCycleId: number;
  nominated: Subject[];
  isChair: boolean;
}) {
  const t = useT();
  const list = useCycleDisputes(awardCycleId);
  if (list.isPending) return <Loading label={t("disputes.loading")} />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  const others = list.data.data.filter((d) => !nominated.some((n) => sameSubject(d, n)));
  return (
    <section aria-labelledby="other-disputes-heading">
      <h3 id="other-disputes-heading">{t("disputes.otherHeading")}</h3>
      {others.length === 0 ? (
        <p className="muted">{t("disputes.noOther")}</p>
      ) : (
        <DisputeList disputes={others} isChair={isChair} />
      )}
    </section>
  );
}
