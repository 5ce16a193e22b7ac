/** The readiness ladder (DESIGN.md §4): each step done or not, its evidence and what to do next. */
import type { AsnStanding } from "../api/get-asn-standing";

export function ReadinessLadder({ ladder }: { ladder: AsnStanding["data"]["ladder"] }) {
  return (
    <ol className="ladder">
      {ladder.map((step) => (
        <li key={step.step} className={step.done ? "done" : "todo"}>
          <strong>
            <span aria-hidden="true">{step.done ? "✓" : "✗"}</span>
            <span className="visually-hidden">{step.done ? "Done:" : "Not yet:"}</span> {step.title}
          </strong>{" "}
          <span className="muted">{step.evidence}</span>
          {step.next && <div className="next">Next: {step.next}</div>}
        </li>
      ))}
    </ol>
  );
}
