/** English messages: the reference table (keys and placeholders) for the other languages. */
export const en = {
  "nav.region": "Region",
  "nav.jimBound": "Jim Bound board",
  "nav.results": "Results",
  "nav.api": "API",
  "nav.signIn": "Sign in",
  "nav.signOut": "Sign out",
  "nav.admin": "Administration",
  "nav.committee": "Committee",
  "nav.myEntry": "My entry",
  "nav.language": "Language",
  "site.tagline": "IPv6 observatory for Latin America and the Caribbean",
  "site.footer": "Registry data: LACNIC statistics exchange files. Atalaya is open source.",
  "state.loadingPage": "Loading the page…",
} as const;

export type MessageKey = keyof typeof en;
