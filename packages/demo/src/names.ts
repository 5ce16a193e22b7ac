/** Invented provider names in the region's languages; any resemblance to a real company is chance. */
import type { Random } from "./random";

const STEMS = [
  "Andina",
  "Austral",
  "Caribe",
  "Cóndor",
  "Pampa",
  "Selva",
  "Ceiba",
  "Quetzal",
  "Jaguar",
  "Colibrí",
  "Tucán",
  "Arrecife",
  "Volcán",
  "Altiplano",
  "Meseta",
  "Laguna",
  "Cordillera",
  "Sabana",
  "Manglar",
  "Bahía",
  "Araucaria",
  "Ipê",
  "Capivara",
  "Maracujá",
  "Sertão",
  "Cerrado",
  "Litoral",
  "Horizonte",
  "Estrela",
  "Aurora",
];
const KINDS_ES = [
  "Telecomunicaciones",
  "Redes",
  "Fibra",
  "Conectividad",
  "Cable",
  "Internet",
  "Datos",
  "Comunicaciones",
];
const KINDS_PT = [
  "Telecomunicações",
  "Redes",
  "Fibra",
  "Conectividade",
  "Internet",
  "Provedor",
  "Dados",
  "Comunicações",
];
const KINDS_EN = ["Telecom", "Networks", "Fibre", "Broadband", "Cable", "Internet", "Data", "Communications"];
const SUFFIX_ES = ["S.A.", "S.R.L.", "S.A.S.", "S.A. de C.V.", "Ltda.", "Cooperativa"];
const SUFFIX_PT = ["Ltda", "S.A.", "Eireli", "ME"];
const SUFFIX_EN = ["Ltd", "N.V.", "Inc.", "B.V."];

const PORTUGUESE = new Set(["BR"]);
const ENGLISH_DUTCH = new Set(["AW", "BQ", "BZ", "CW", "GY", "SR", "SX", "TT", "FK", "GS"]);

export function inventName(random: Random, cc: string, taken: Set<string>): string {
  for (;;) {
    const stem = random.pick(STEMS);
    let name: string;
    if (PORTUGUESE.has(cc)) name = `${stem} ${random.pick(KINDS_PT)} ${random.pick(SUFFIX_PT)}`;
    else if (ENGLISH_DUTCH.has(cc)) name = `${stem} ${random.pick(KINDS_EN)} ${random.pick(SUFFIX_EN)}`;
    else name = `${random.pick(KINDS_ES)} ${stem} ${random.pick(SUFFIX_ES)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}
