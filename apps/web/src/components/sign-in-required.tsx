import { useT } from "../lib/i18n";
import type { SignedInAccount } from "../lib/session";
import { PageLink } from "./page-link";

/** What a signed-in page shows to someone who is not signed in, or lacks the role. */
export function SignInRequired({ account, audience }: { account: SignedInAccount | null; audience: string }) {
  const t = useT();
  if (!account)
    return (
      <section className="panel">
        <h1>{t("signIn.needed")}</h1>
        <p>
          {t.rich("signIn.neededBody", {
            audience,
            link: <PageLink to="/sign-in">{t("nav.signIn")}</PageLink>,
          })}
        </p>
      </section>
    );
  return (
    <section className="panel">
      <h1>{t("signIn.notAvailable")}</h1>
      <p>
        {t("signIn.notAvailableBody", { audience, email: account.email, role: t(`role.${account.role}`) })}
      </p>
    </section>
  );
}
