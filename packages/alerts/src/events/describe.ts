/**
 * An event in words, in the reader's language: a title (an e-mail's subject, a feed entry's
 * title) and lines of evidence. Pages, e-mails and the Atom feed all use this, so they say the
 * same thing.
 */
import type { AlertLanguage } from "@atalaya/db";
import type { StoredEvent } from "./types";

export interface DescribedEvent {
  title: string;
  details: string[];
}

type Words = Record<AlertLanguage, string>;

const STATE: Record<string, Words> = {
  eligible: { en: "eligible", es: "elegible", pt: "elegível" },
  borderline: { en: "borderline", es: "en el límite", pt: "no limite" },
  below: { en: "below the threshold", es: "por debajo del umbral", pt: "abaixo do limite" },
  "insufficient-data": { en: "insufficient data", es: "datos insuficientes", pt: "dados insuficientes" },
};

const REASON: Record<string, Words> = {
  as: { en: "wrong origin AS", es: "AS de origen incorrecto", pt: "AS de origem incorreto" },
  length: {
    en: "more specific than the ROA allows",
    es: "más específico de lo que permite el ROA",
    pt: "mais específico do que o ROA permite",
  },
};

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

const percent = (share: unknown, language: AlertLanguage) =>
  typeof share === "number"
    ? `${(share * 100).toLocaleString(language === "en" ? "en" : language, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`
    : "–";

/** "AS7303 (Telecom Argentina)" or "the organisation X": who an event is about. */
function who(event: StoredEvent): string {
  const name = typeof event.payload.name === "string" ? event.payload.name : null;
  if (event.kind === "economy-weekly") return name ?? (event.cc as string);
  if (event.asn !== null && event.payload.scope !== "organisation")
    return name ? `AS${event.asn} (${name})` : `AS${event.asn}`;
  return name ?? (event.organisationId as string);
}

const TEXT = {
  "state.title": {
    en: "{who}: Jim Bound state {from} → {to}",
    es: "{who}: estado Jim Bound {from} → {to}",
    pt: "{who}: estado Jim Bound {from} → {to}",
  },
  "state.share": {
    en: "IPv6-preferred share {share} (interval {lo}–{hi}) over {days} days and {samples} samples ending {date}; threshold {threshold}.",
    es: "Proporción que prefiere IPv6 {share} (intervalo {lo}–{hi}) en {days} días y {samples} muestras hasta el {date}; umbral {threshold}.",
    pt: "Parcela que prefere IPv6 {share} (intervalo {lo}–{hi}) em {days} dias e {samples} amostras até {date}; limite {threshold}.",
  },
  "state.flapped": {
    en: "It changed again the same day; it is now {latest}.",
    es: "Volvió a cambiar el mismo día; ahora está {latest}.",
    pt: "Mudou de novo no mesmo dia; agora está {latest}.",
  },
  "invalid.title": {
    en: "{who}: {count} new RPKI-invalid route(s)",
    es: "{who}: {count} ruta(s) nueva(s) inválida(s) según RPKI",
    pt: "{who}: {count} rota(s) nova(s) inválida(s) pelo RPKI",
  },
  "invalid.route": {
    en: "{prefix} from AS{origin}: {reason}; ROAs: {vrps}",
    es: "{prefix} desde AS{origin}: {reason}; ROAs: {vrps}",
    pt: "{prefix} a partir do AS{origin}: {reason}; ROAs: {vrps}",
  },
  "invalid.more": { en: "…and {count} more.", es: "…y {count} más.", pt: "…e mais {count}." },
  "unannounced.title": {
    en: "{who}: registry IPv6 space unannounced for 30 days",
    es: "{who}: espacio IPv6 del registro sin anunciar hace 30 días",
    pt: "{who}: espaço IPv6 do registro sem anúncio há 30 dias",
  },
  "unannounced.prefix": {
    en: "{prefix}: not announced since {since}",
    es: "{prefix}: sin anunciar desde {since}",
    pt: "{prefix}: sem anúncio desde {since}",
  },
  "stale.title": {
    en: "{who}: no {source} data since {date}",
    es: "{who}: sin datos de {source} desde el {date}",
    pt: "{who}: sem dados de {source} desde {date}",
  },
  "stale.detail": {
    en: "The source's latest data is from {latest}; this network's stopped {days} days earlier (limit: {limit} days).",
    es: "Los datos más recientes de la fuente son del {latest}; los de esta red se detuvieron {days} días antes (límite: {limit} días).",
    pt: "Os dados mais recentes da fonte são de {latest}; os desta rede pararam {days} dias antes (limite: {limit} dias).",
  },
  "crossing.title": {
    en: "{who}: projected crossing of {threshold} moved {days} days",
    es: "{who}: el cruce proyectado del {threshold} se movió {days} días",
    pt: "{who}: o cruzamento projetado de {threshold} mudou {days} dias",
  },
  "crossing.detail": {
    en: "Projected date {from} → {to}, from the trend of the last 90 days.",
    es: "Fecha proyectada {from} → {to}, según la tendencia de los últimos 90 días.",
    pt: "Data projetada {from} → {to}, pela tendência dos últimos 90 dias.",
  },
  "roa.title": {
    en: "{who}: {count} ROA(s) expire within 14 days",
    es: "{who}: {count} ROA(s) vencen en 14 días o menos",
    pt: "{who}: {count} ROA(s) vencem em até 14 dias",
  },
  "roa.detail": {
    en: "{prefix} (max length {maxLength}) for AS{asn}: expires {expires}",
    es: "{prefix} (longitud máxima {maxLength}) para AS{asn}: vence el {expires}",
    pt: "{prefix} (comprimento máximo {maxLength}) para AS{asn}: vence em {expires}",
  },
  "weekly.title": {
    en: "{who}: IPv6 this week, {share}",
    es: "{who}: IPv6 esta semana, {share}",
    pt: "{who}: IPv6 nesta semana, {share}",
  },
  "weekly.share": {
    en: "Users preferring IPv6: {share} on {date} ({previous} a week before).",
    es: "Usuarios que prefieren IPv6: {share} el {date} ({previous} una semana antes).",
    pt: "Usuários que preferem IPv6: {share} em {date} ({previous} uma semana antes).",
  },
  "weekly.eligible": {
    en: "Newly eligible: {networks}.",
    es: "Nuevas redes elegibles: {networks}.",
    pt: "Novas redes elegíveis: {networks}.",
  },
  "weekly.mover": {
    en: "AS{asn} {name}: {from} → {to}",
    es: "AS{asn} {name}: {from} → {to}",
    pt: "AS{asn} {name}: {from} → {to}",
  },
  "weekly.movers": { en: "Largest movers:", es: "Mayores cambios:", pt: "Maiores mudanças:" },
  "report.title": {
    en: "{who}: monthly report for {month}",
    es: "{who}: informe mensual de {month}",
    pt: "{who}: relatório mensal de {month}",
  },
} satisfies Record<string, Words>;

type Key = keyof typeof TEXT;

interface InvalidRoute {
  prefix: string;
  origin: number;
  reason: string;
  vrps: Array<{ asn: number; prefix: string; maxLength: number }>;
}

export function describeEvent(event: StoredEvent, language: AlertLanguage): DescribedEvent {
  const p = event.payload as Record<string, unknown>;
  const t = (key: Key, values: Record<string, string | number> = {}) =>
    fill(TEXT[key][language], { who: who(event), ...values });
  const state = (s: unknown) => STATE[String(s)]?.[language] ?? String(s);
  const pc = (v: unknown) => percent(v, language);
  switch (event.kind) {
    case "jim-bound-state": {
      const details = [
        t("state.share", {
          share: pc(p.share),
          lo: pc(p.lo),
          hi: pc(p.hi),
          days: Number(p.days ?? 0),
          samples: Number(p.samples ?? 0).toLocaleString(language),
          date: String(p.evaluationDate ?? ""),
          threshold: pc(p.threshold),
        }),
      ];
      if (p.latest && p.latest !== p.to) details.push(t("state.flapped", { latest: state(p.latest) }));
      return { title: t("state.title", { from: state(p.from), to: state(p.to) }), details };
    }
    case "rpki-invalid": {
      const routes = (p.routes as InvalidRoute[]) ?? [];
      const count = Number(p.count ?? routes.length);
      const details = routes.map((r) =>
        t("invalid.route", {
          prefix: r.prefix,
          origin: r.origin,
          reason: REASON[r.reason]?.[language] ?? r.reason,
          vrps: r.vrps.map((v) => `AS${v.asn} ${v.prefix}-${v.maxLength}`).join(", ") || "–",
        }),
      );
      if (count > routes.length) details.push(t("invalid.more", { count: count - routes.length }));
      return { title: t("invalid.title", { count }), details };
    }
    case "unannounced-space": {
      const prefixes = (p.prefixes as Array<{ prefix: string; since: string }>) ?? [];
      return {
        title: t("unannounced.title"),
        details: prefixes.map((x) => t("unannounced.prefix", { prefix: x.prefix, since: x.since })),
      };
    }
    case "stale-data":
      return {
        title: t("stale.title", { source: String(p.sourceTitle ?? p.source), date: String(p.lastDate) }),
        details: [
          t("stale.detail", {
            latest: String(p.sourceLastDate),
            days: Number(p.daysBehind),
            limit: Number(p.limitDays),
          }),
        ],
      };
    case "crossing-moved":
      return {
        title: t("crossing.title", { threshold: pc(p.threshold), days: Number(p.days) }),
        details: [t("crossing.detail", { from: String(p.from), to: String(p.to) })],
      };
    case "roa-expiring": {
      const roas =
        (p.roas as Array<{ prefix: string; maxLength: number; asn: number; expires: string }>) ?? [];
      return {
        title: t("roa.title", { count: roas.length }),
        details: roas.map((r) => t("roa.detail", { ...r })),
      };
    }
    case "economy-weekly": {
      const details = [
        t("weekly.share", { share: pc(p.share), date: String(p.date), previous: pc(p.previousShare) }),
      ];
      const eligible = (p.newlyEligible as Array<{ asn: number; name: string | null }>) ?? [];
      if (eligible.length > 0)
        details.push(
          t("weekly.eligible", {
            networks: eligible.map((n) => (n.name ? `AS${n.asn} (${n.name})` : `AS${n.asn}`)).join(", "),
          }),
        );
      const movers =
        (p.movers as Array<{ asn: number; name: string | null; from: number; to: number }>) ?? [];
      if (movers.length > 0) {
        details.push(t("weekly.movers"));
        for (const m of movers)
          details.push(t("weekly.mover", { asn: m.asn, name: m.name ?? "", from: pc(m.from), to: pc(m.to) }));
      }
      return { title: t("weekly.title", { share: pc(p.share) }), details };
    }
    case "monthly-report":
      return { title: t("report.title", { month: String(p.month) }), details: [] };
  }
}
