import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development (`npm run dev:web`) the API runs separately (`npx atalaya serve`) and Vite
// proxies /api to it; in production the API process serves the built files itself.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": `http://127.0.0.1:${process.env.ATALAYA_API_PORT ?? "8080"}` } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
