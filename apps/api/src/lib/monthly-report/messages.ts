/**
 * The monthly report's words in English, Spanish and Portuguese, for what the server renders: the
 * PDF, the e-mail and the few sentences of the JSON. (The dashboard's page uses its own
 * catalogues.) Numbers and dates are written without Intl, whose output changes with the ICU a
 * Node version ships, so every Node renders the same bytes.
 */
import type { ReportLanguage } from "@atalaya/evidence";
import { lacnicCountry } from "@atalaya/net";

const en = {
  title: "Monthly IPv6 report",
  subtitle: "{name} · {month}",
  holder: "Resource holder {id}",
  holderIn: "Resource holder {id} in {economy}",
  networks: "Networks",
  "heading.standing": "Jim Bound standing at the end of the month",
  "heading.trend": "IPv6 share over the month",
  "heading.rank": "Rank",
  "heading.routing": "Routing and RPKI hygiene",
  "heading.fixes": "What to fix next",
  "heading.challenge": "IPv6 Challenge",
  state: "State",
  share: "IPv6-preferred share ({days}-day window)",
  interval: "95% interval",
  samplesDays: "Samples, days with data",
  previous: "End of the previous month",
  change: "Change",
  changeValue: "{points} points",
  stateChange: "state went from {from} to {to}",
  noPrevious: "no earlier month to compare",
  distance: "To the {threshold} line",
  pointsToGo: "{points} points to go",
  pointsAbove: "{points} points above",
  projection: "At the 90-day pace",
  "projection.above": "above the line",
  "projection.crossing": "crosses the line around {date}",
  "projection.notAtPace": "not at this pace",
  "projection.none": "not enough days for a trend",
  monthShare: "Pooled over the month",
  monthSlope: "Trend over the month",
  week: "Week",
  days: "Days",
  samples: "Samples",
  chartCaption: "Daily IPv6-preferred share (dots) and the {threshold} award line (dashed)",
  noDaily: "No measurements in this month.",
  rankCountry: "Among the organisations of {economy}",
  rankRegion: "Among the organisations of the LACNIC region",
  rankOf: "{rank} of {of}",
  unranked: "not ranked (insufficient data)",
  family: "Family",
  announced: "Announced routes",
  valid: "Valid",
  invalid: "Invalid",
  notFound: "No ROA",
  roaCoverage: "ROA coverage",
  routingAsOf: "Routing as of the latest data.",
  registry:
    "Registry IPv6: {held} prefix(es), {space} /32 equivalents; unannounced: {unannounced} prefix(es).",
  nothingToFix: "Nothing to fix: every route is valid and all registry IPv6 space is announced.",
  fixCount: "{problem} ({count})",
  more: "and {count} more",
  "problem.invalid-length": "RPKI-invalid: more specific than its ROA allows",
  "problem.invalid-as": "RPKI-invalid: the ROA names another AS",
  "problem.unannounced": "registry IPv6 space never announced",
  "problem.roa-expiring": "ROAs expiring within 14 days",
  "problem.not-found": "routes without a ROA",
  "problem.no-ipv6-space": "no IPv6 space in the registry",
  "problem.not-announced": "no IPv6 route announced",
  "problem.no-ipv6-users": "no measurable IPv6 users",
  "problem.below-threshold": "IPv6 share below the award line",
  "action.invalid-length":
    "Raise the ROA's max length or add a ROA for the more-specific prefix, or stop announcing it.",
  "action.invalid-as": "Add a ROA for this origin AS, or announce from the AS the ROA names.",
  "action.unannounced": "Announce it to your upstreams and peers, with a ROA.",
  "action.roa-expiring":
    "Renew each ROA before it expires: when it lapses, the routes it authorises become RPKI-invalid.",
  "action.not-found": "Create ROAs for them in LACNIC's RPKI portal (origin AS, max length = prefix length).",
  "action.no-ipv6-space": "Request an IPv6 allocation from LACNIC.",
  "action.not-announced": "Announce your IPv6 prefixes to your upstreams and peers.",
  "action.no-ipv6-users": "Enable IPv6 towards subscribers (CPE, BNG, DHCPv6-PD).",
  "action.below-threshold": "Extend IPv6 to more subscribers and services.",
  "challenge.none": "No entry in a Challenge cycle released by the end of the month.",
  "challenge.result": "{cycle}: {outcome}, place {place} of {entries}",
  "challenge.score":
    "mean score {total} from {reviews} review(s); {passed} of {checks} service checks passed",
  "challenge.open": "Registration for {cycle} is open until {date}.",
  "outcome.winner": "winner",
  "outcome.finalist": "finalist",
  "outcome.entrant": "entrant",
  "summary.standing": "{state}: {share} of users prefer IPv6 [{lo}–{hi}]",
  "summary.change": "{points} points since the end of the previous month",
  "summary.rank": "rank {rank} of {of} in {economy}",
  "summary.fix": "Next fix: {problem}",
  "summary.nothing": "Nothing to fix in routing",
  footer: "Atalaya · method {method}, evaluated on {date} with the default award parameters. Page: {page}",
  demo: "Demo data: invented for demonstration, not a measurement.",
  "mail.subject": "Atalaya: {name}'s IPv6 report for {month}",
  "mail.intro": "The IPv6 report of {name} for {month}:",
  "mail.page": "Read it online:",
  "mail.pdf": "Download it as PDF:",
  "state.eligible": "eligible",
  "state.borderline": "borderline",
  "state.below": "below",
  "state.insufficient-data": "insufficient data",
  none: "—",
};

export type ReportMessageKey = keyof typeof en;

const es: Record<ReportMessageKey, string> = {
  title: "Informe mensual de IPv6",
  subtitle: "{name} · {month}",
  holder: "Titular de recursos {id}",
  holderIn: "Titular de recursos {id} en {economy}",
  networks: "Redes",
  "heading.standing": "Situación Jim Bound al cierre del mes",
  "heading.trend": "Proporción IPv6 durante el mes",
  "heading.rank": "Posición",
  "heading.routing": "Higiene de enrutamiento y RPKI",
  "heading.fixes": "Qué corregir primero",
  "heading.challenge": "Desafío IPv6",
  state: "Estado",
  share: "Proporción que prefiere IPv6 (ventana de {days} días)",
  interval: "Intervalo al 95 %",
  samplesDays: "Muestras, días con datos",
  previous: "Cierre del mes anterior",
  change: "Variación",
  changeValue: "{points} puntos",
  stateChange: "el estado pasó de {from} a {to}",
  noPrevious: "no hay un mes anterior con el que comparar",
  distance: "Hasta la línea del {threshold}",
  pointsToGo: "faltan {points} puntos",
  pointsAbove: "{points} puntos por encima",
  projection: "Al ritmo de 90 días",
  "projection.above": "por encima de la línea",
  "projection.crossing": "cruza la línea hacia el {date}",
  "projection.notAtPace": "no a este ritmo",
  "projection.none": "no hay días suficientes para una tendencia",
  monthShare: "Agregada en el mes",
  monthSlope: "Tendencia del mes",
  week: "Semana",
  days: "Días",
  samples: "Muestras",
  chartCaption: "Proporción diaria que prefiere IPv6 (puntos) y la línea del premio, {threshold} (trazos)",
  noDaily: "No hay mediciones en este mes.",
  rankCountry: "Entre las organizaciones de {economy}",
  rankRegion: "Entre las organizaciones de la región de LACNIC",
  rankOf: "{rank} de {of}",
  unranked: "sin posición (datos insuficientes)",
  family: "Familia",
  announced: "Rutas anunciadas",
  valid: "Válidas",
  invalid: "Inválidas",
  notFound: "Sin ROA",
  roaCoverage: "Cobertura de ROA",
  routingAsOf: "Enrutamiento según los datos más recientes.",
  registry:
    "IPv6 del registro: {held} prefijo(s), {space} equivalentes a /32; sin anunciar: {unannounced} prefijo(s).",
  nothingToFix: "Nada que corregir: todas las rutas son válidas y todo el IPv6 del registro está anunciado.",
  fixCount: "{problem} ({count})",
  more: "y {count} más",
  "problem.invalid-length": "inválida según RPKI: más específica de lo que permite su ROA",
  "problem.invalid-as": "inválida según RPKI: el ROA nombra otro AS",
  "problem.unannounced": "espacio IPv6 del registro nunca anunciado",
  "problem.roa-expiring": "ROA que vencen en 14 días o menos",
  "problem.not-found": "rutas sin ROA",
  "problem.no-ipv6-space": "sin espacio IPv6 en el registro",
  "problem.not-announced": "ninguna ruta IPv6 anunciada",
  "problem.no-ipv6-users": "sin usuarios IPv6 medibles",
  "problem.below-threshold": "proporción IPv6 por debajo de la línea del premio",
  "action.invalid-length":
    "Aumente la longitud máxima del ROA o cree un ROA para el prefijo más específico, o deje de anunciarlo.",
  "action.invalid-as": "Cree un ROA para este AS de origen, o anuncie desde el AS que nombra el ROA.",
  "action.unannounced": "Anúncielo a sus proveedores de tránsito y pares, con un ROA.",
  "action.roa-expiring":
    "Renueve cada ROA antes de que venza: cuando vence, las rutas que autoriza pasan a ser inválidas según RPKI.",
  "action.not-found":
    "Cree ROAs para ellas en el portal RPKI de LACNIC (AS de origen, longitud máxima = longitud del prefijo).",
  "action.no-ipv6-space": "Solicite una asignación IPv6 a LACNIC.",
  "action.not-announced": "Anuncie sus prefijos IPv6 a sus proveedores de tránsito y pares.",
  "action.no-ipv6-users": "Habilite IPv6 hacia los suscriptores (CPE, BNG, DHCPv6-PD).",
  "action.below-threshold": "Extienda IPv6 a más suscriptores y servicios.",
  "challenge.none": "Ninguna participación en un ciclo del Desafío publicado antes del cierre del mes.",
  "challenge.result": "{cycle}: {outcome}, puesto {place} de {entries}",
  "challenge.score":
    "puntuación media {total} de {reviews} evaluación(es); {passed} de {checks} comprobaciones de servicios superadas",
  "challenge.open": "La inscripción en {cycle} está abierta hasta el {date}.",
  "outcome.winner": "ganadora",
  "outcome.finalist": "finalista",
  "outcome.entrant": "participante",
  "summary.standing": "{state}: el {share} de los usuarios prefiere IPv6 [{lo}–{hi}]",
  "summary.change": "{points} puntos desde el cierre del mes anterior",
  "summary.rank": "posición {rank} de {of} en {economy}",
  "summary.fix": "Próxima corrección: {problem}",
  "summary.nothing": "Nada que corregir en el enrutamiento",
  footer:
    "Atalaya · método {method}, evaluado el {date} con los parámetros del premio por defecto. Página: {page}",
  demo: "Datos de demostración: inventados, no son una medición.",
  "mail.subject": "Atalaya: informe IPv6 de {name} de {month}",
  "mail.intro": "El informe IPv6 de {name} de {month}:",
  "mail.page": "Léalo en línea:",
  "mail.pdf": "Descárguelo en PDF:",
  "state.eligible": "elegible",
  "state.borderline": "en el límite",
  "state.below": "por debajo",
  "state.insufficient-data": "datos insuficientes",
  none: "—",
};

const pt: Record<ReportMessageKey, string> = {
  title: "Relatório mensal de IPv6",
  subtitle: "{name} · {month}",
  holder: "Titular de recursos {id}",
  holderIn: "Titular de recursos {id} em {economy}",
  networks: "Redes",
  "heading.standing": "Situação Jim Bound no fim do mês",
  "heading.trend": "Proporção IPv6 ao longo do mês",
  "heading.rank": "Posição",
  "heading.routing": "Higiene de roteamento e RPKI",
  "heading.fixes": "O que corrigir primeiro",
  "heading.challenge": "Desafio IPv6",
  state: "Estado",
  share: "Proporção que prefere IPv6 (janela de {days} dias)",
  interval: "Intervalo de 95%",
  samplesDays: "Amostras, dias com dados",
  previous: "Fim do mês anterior",
  change: "Variação",
  changeValue: "{points} pontos",
  stateChange: "o estado passou de {from} para {to}",
  noPrevious: "não há mês anterior para comparar",
  distance: "Até a linha de {threshold}",
  pointsToGo: "faltam {points} pontos",
  pointsAbove: "{points} pontos acima",
  projection: "No ritmo de 90 dias",
  "projection.above": "acima da linha",
  "projection.crossing": "cruza a linha por volta de {date}",
  "projection.notAtPace": "não neste ritmo",
  "projection.none": "dias insuficientes para uma tendência",
  monthShare: "Agregada no mês",
  monthSlope: "Tendência do mês",
  week: "Semana",
  days: "Dias",
  samples: "Amostras",
  chartCaption: "Proporção diária que prefere IPv6 (pontos) e a linha do prêmio, {threshold} (tracejada)",
  noDaily: "Não há medições neste mês.",
  rankCountry: "Entre as organizações de {economy}",
  rankRegion: "Entre as organizações da região do LACNIC",
  rankOf: "{rank} de {of}",
  unranked: "sem posição (dados insuficientes)",
  family: "Família",
  announced: "Rotas anunciadas",
  valid: "Válidas",
  invalid: "Inválidas",
  notFound: "Sem ROA",
  roaCoverage: "Cobertura de ROA",
  routingAsOf: "Roteamento segundo os dados mais recentes.",
  registry:
    "IPv6 do registro: {held} prefixo(s), {space} equivalentes a /32; não anunciados: {unannounced} prefixo(s).",
  nothingToFix: "Nada a corrigir: todas as rotas são válidas e todo o IPv6 do registro está anunciado.",
  fixCount: "{problem} ({count})",
  more: "e mais {count}",
  "problem.invalid-length": "inválida segundo a RPKI: mais específica do que seu ROA permite",
  "problem.invalid-as": "inválida segundo a RPKI: o ROA nomeia outro AS",
  "problem.unannounced": "espaço IPv6 do registro nunca anunciado",
  "problem.roa-expiring": "ROAs que vencem em até 14 dias",
  "problem.not-found": "rotas sem ROA",
  "problem.no-ipv6-space": "sem espaço IPv6 no registro",
  "problem.not-announced": "nenhuma rota IPv6 anunciada",
  "problem.no-ipv6-users": "sem usuários IPv6 mensuráveis",
  "problem.below-threshold": "proporção IPv6 abaixo da linha do prêmio",
  "action.invalid-length":
    "Aumente o comprimento máximo do ROA ou crie um ROA para o prefixo mais específico, ou deixe de anunciá-lo.",
  "action.invalid-as": "Crie um ROA para este AS de origem, ou anuncie a partir do AS que o ROA nomeia.",
  "action.unannounced": "Anuncie-o aos seus provedores de trânsito e pares, com um ROA.",
  "action.roa-expiring":
    "Renove cada ROA antes que vença: quando vence, as rotas que ele autoriza passam a ser inválidas no RPKI.",
  "action.not-found":
    "Crie ROAs para elas no portal RPKI do LACNIC (AS de origem, comprimento máximo = comprimento do prefixo).",
  "action.no-ipv6-space": "Solicite uma alocação IPv6 ao LACNIC.",
  "action.not-announced": "Anuncie seus prefixos IPv6 aos seus provedores de trânsito e pares.",
  "action.no-ipv6-users": "Habilite IPv6 para os assinantes (CPE, BNG, DHCPv6-PD).",
  "action.below-threshold": "Estenda o IPv6 a mais assinantes e serviços.",
  "challenge.none": "Nenhuma participação em um ciclo do Desafio publicado até o fim do mês.",
  "challenge.result": "{cycle}: {outcome}, posição {place} de {entries}",
  "challenge.score":
    "nota média {total} de {reviews} avaliação(ões); {passed} de {checks} verificações de serviços aprovadas",
  "challenge.open": "As inscrições em {cycle} estão abertas até {date}.",
  "outcome.winner": "vencedora",
  "outcome.finalist": "finalista",
  "outcome.entrant": "participante",
  "summary.standing": "{state}: {share} dos usuários preferem IPv6 [{lo}–{hi}]",
  "summary.change": "{points} pontos desde o fim do mês anterior",
  "summary.rank": "posição {rank} de {of} em {economy}",
  "summary.fix": "Próxima correção: {problem}",
  "summary.nothing": "Nada a corrigir no roteamento",
  footer: "Atalaya · método {method}, avaliado em {date} com os parâmetros padrão do prêmio. Página: {page}",
  demo: "Dados de demonstração: inventados, não são uma medição.",
  "mail.subject": "Atalaya: relatório IPv6 de {name} de {month}",
  "mail.intro": "O relatório IPv6 de {name} de {month}:",
  "mail.page": "Leia on-line:",
  "mail.pdf": "Baixe em PDF:",
  "state.eligible": "elegível",
  "state.borderline": "no limite",
  "state.below": "abaixo",
  "state.insufficient-data": "dados insuficientes",
  none: "—",
};

const MESSAGES: Record<ReportLanguage, Record<ReportMessageKey, string>> = { en, es, pt };

const MONTHS: Record<ReportLanguage, string[]> = {
  en: "January February March April May June July August September October November December".split(" "),
  es: "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(" "),
  pt: "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(" "),
};

/** The report's words and number formats in one language. */
export interface ReportWords {
  language: ReportLanguage;
  t(key: ReportMessageKey, values?: Record<string, string | number>): string;
  /** A share (0–1) with one decimal: "23.4%", "23,4 %", "23,4%". */
  percent(share: number | null): string;
  /** Percentage points of a change (a share difference), signed: "+1.2", "-0,4". */
  points(difference: number | null): string;
  /** Percentage points without a sign: "1.2", "0,4". */
  magnitude(difference: number): string;
  integer(value: number): string;
  /** Up to two decimals: "8", "0.06", "0,06". */
  decimal(value: number): string;
  /** A month `YYYY-MM`: "October 2026", "octubre de 2026", "outubro de 2026". */
  month(month: string): string;
  /** A day `YYYY-MM-DD`: "October 31, 2026", "31 de octubre de 2026". */
  day(date: string): string;
  /** An economy's name: the registry's in English, CLDR's (Intl.DisplayNames) in Spanish and Portuguese. */
  economy(cc: string): string;
}

export function reportWords(language: ReportLanguage): ReportWords {
  const table = MESSAGES[language];
  const decimal = language === "en" ? "." : ",";
  const group = language === "en" ? "," : ".";
  const fixed1 = (value: number) => value.toFixed(1).replace(".", decimal);
  const monthName = (m: string) => MONTHS[language][Number(m.slice(5, 7)) - 1] ?? m;
  const regions = new Intl.DisplayNames(language, { type: "region", fallback: "none" });
  return {
    language,
    t: (key, values = {}) =>
      table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      ),
    percent: (share) => (share === null ? "—" : `${fixed1(100 * share)}${language === "es" ? " %" : "%"}`),
    points: (difference) => {
      if (difference === null) return "—";
      const value = fixed1(Math.abs(100 * difference));
      // A hyphen-minus, not U+2212: the PDF's standard fonts have no minus sign.
      return value.replace(/[0.,]/g, "") === "" ? value : `${difference > 0 ? "+" : "-"}${value}`;
    },
    magnitude: (difference) => fixed1(Math.abs(100 * difference)),
    decimal: (value) => String(Math.round(value * 100) / 100).replace(".", decimal),
    integer: (value) => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, group),
    month: (m) =>
      language === "en" ? `${monthName(m)} ${m.slice(0, 4)}` : `${monthName(m)} de ${m.slice(0, 4)}`,
    day: (date) => {
      const d = Number(date.slice(8, 10));
      return language === "en"
        ? `${monthName(date)} ${d}, ${date.slice(0, 4)}`
        : `${d} de ${monthName(date)} de ${date.slice(0, 4)}`;
    },
    economy: (cc) => {
      const registry = lacnicCountry(cc)?.name;
      if (language === "en" && registry) return registry;
      try {
        return regions.of(cc.toUpperCase()) ?? registry ?? cc;
      } catch {
        return registry ?? cc;
      }
    },
  };
}
