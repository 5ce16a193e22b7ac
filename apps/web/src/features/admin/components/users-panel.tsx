import { type FormEvent, useState } from "react";
import { FormError, LoadError, Loading } from "../../../components/status";
import { useT } from "../../../lib/i18n";
import { useAddUser, useReinvite, useUsers } from "../api/users";

function InvitationLink({ url }: { url: string }) {
  const t = useT();
  return (
    <p className="notice" role="status">
      {t("users.invitation")}
      <br />
      <input
        className="copy"
        readOnly
        value={url}
        aria-label={t("users.invitationLink")}
        onFocus={(e) => e.currentTarget.select()}
      />
    </p>
  );
}

export function UsersPanel() {
  const t = useT();
  const users = useUsers();
  const add = useAddUser();
  const reinvite = useReinvite();
  const [role, setRole] = useState<"admin" | "committee" | "isp">("isp");
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (n: string) => String(form.get(n) ?? "").trim();
    const list = (n: string) =>
      text(n)
        .split(/[\s,]+/)
        .filter(Boolean);
    add.mutate({
      email: text("email"),
      role,
      displayName: text("displayName") || undefined,
      organisations: list("organisations"),
      asns: list("asns").map((a) => Number(a.replace(/^AS/i, ""))),
      isChair: role === "committee" && form.get("isChair") === "on",
      country: text("country") ? text("country").toUpperCase() : null,
    });
  };
  return (
    <section className="panel" aria-labelledby="users-heading">
      <h2 id="users-heading">{t("users.heading")}</h2>
      {users.isPending ? (
        <Loading label={t("users.loading")} />
      ) : users.isError ? (
        <LoadError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("common.email")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.actsFor")}</th>
                <th scope="col">{t("users.status")}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.email}
                    <div className="muted">{u.displayName}</div>
                  </th>
                  <td>
                    {t(`role.${u.role}`)}
                    {u.isChair ? ` ${t("users.chair")}` : ""}
                    {u.country ? ` · ${u.country}` : ""}
                  </td>
                  <td>{[...u.organisations, ...u.asns.map((a) => `AS${a}`)].join(", ") || "—"}</td>
                  <td>
                    {u.hasPassword ? t("users.active") : t("users.pending")}{" "}
                    <button type="button" className="link" onClick={() => reinvite.mutate(u.id)}>
                      {t("users.newLink")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {reinvite.data && <InvitationLink url={reinvite.data.data.invitationUrl} />}
      <form className="form" onSubmit={submit} aria-labelledby="add-user-heading">
        <h3 id="add-user-heading">{t("users.invite")}</h3>
        <label>
          {t("common.email")}
          <input name="email" type="email" required />
        </label>
        <label>
          {t("common.name")}
          <input name="displayName" maxLength={200} />
        </label>
        <label>
          {t("users.role")}
          <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            <option value="isp">{t("users.roleIsp")}</option>
            <option value="committee">{t("users.roleCommittee")}</option>
            <option value="admin">{t("users.roleAdmin")}</option>
          </select>
        </label>
        <label>
          {t("users.organisations")}
          {role === "committee" ? ` ${t("users.affiliation")}` : ""}
          <input name="organisations" placeholder="lacnic:900001" />
        </label>
        {role === "isp" && (
          <label>
            {t("users.asns")}
            <input name="asns" placeholder="64496" />
          </label>
        )}
        {role === "committee" && (
          <>
            <label>
              {t("users.country")}
              <input name="country" maxLength={2} placeholder="UY" />
            </label>
            <label className="check">
              <input type="checkbox" name="isChair" /> {t("users.isChair")}
            </label>
          </>
        )}
        <FormError error={add.error ?? reinvite.error} />
        <button type="submit" disabled={add.isPending}>
          {t("users.submit")}
        </button>
      </form>
      {add.data && <InvitationLink url={add.data.data.invitationUrl} />}
    </section>
  );
}
