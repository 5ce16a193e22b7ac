import type { MessageKey } from "./en";

export const pt: Record<MessageKey, string> = {
  "nav.region": "Região",
  "nav.jimBound": "Prêmio Jim Bound",
  "nav.results": "Resultados",
  "nav.api": "API",
  "nav.signIn": "Entrar",
  "nav.signOut": "Sair",
  "nav.admin": "Administração",
  "nav.committee": "Comitê",
  "nav.myEntry": "Minha inscrição",
  "nav.language": "Idioma",
  "site.tagline": "Observatório de IPv6 para a América Latina e o Caribe",
  "site.footer": "Dados de registro: arquivos de estatísticas do LACNIC. Atalaya é software livre.",
  "state.loadingPage": "Carregando a página…",
};
