import type { ReactNode } from "react";
import { navigate } from "../lib/navigation";

/**
 * A link to a dashboard page: a plain left click navigates in place, while modified clicks
 * (new tab, new window) and copying the address keep working as for any link.
 */
export function PageLink({ to, current, children }: { to: string; current?: boolean; children: ReactNode }) {
  return (
    <a
      href={to}
      aria-current={current ? "page" : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
