import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { queryClient } from "./lib/query-client";
import { RegionPage } from "./routes/region";
import "./styles.css";

function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <header className="site-header">
        <a className="brand" href="/">
          Atalaya
        </a>
        <span className="tagline">IPv6 observatory for Latin America and the Caribbean</span>
        <nav>
          <a href="/api/docs">API</a>
        </nav>
      </header>
      <main>
        <RegionPage />
      </main>
      <footer className="site-footer">
        Registry data: LACNIC statistics exchange files. Atalaya is open source.
      </footer>
    </QueryClientProvider>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("missing #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
