import type { MessageKey } from "./en";

export const es: Record<MessageKey, string> = {
  "nav.region": "Región",
  "nav.jimBound": "Premio Jim Bound",
  "nav.results": "Resultados",
  "nav.api": "API",
  "nav.signIn": "Ingresar",
  "nav.signOut": "Salir",
  "nav.admin": "Administración",
  "nav.committee": "Comité",
  "nav.myEntry": "Mi postulación",
  "nav.language": "Idioma",
  "site.tagline": "Observatorio de IPv6 para América Latina y el Caribe",
  "site.footer": "Datos de registro: archivos de estadísticas de LACNIC. Atalaya es software libre.",
  "state.loadingPage": "Cargando la página…",
};
