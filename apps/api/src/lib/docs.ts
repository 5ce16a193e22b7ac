/**
 * The browsable API reference at /api/docs: one HTML page rendered on the server from the app's
 * own OpenAPI document. No third-party viewer: Swagger UI's package runs an install-time
 * telemetry script, and the others bring dozens of packages for what is a list of operations and
 * types. No script at all, so the strict CSP holds; nothing from a CDN, so it works offline.
 */
import { Hono } from "hono";

/** The parts of an OpenAPI 3.1 document this page reads. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  example?: unknown;
}
interface Content {
  [mediaType: string]: { schema?: Schema };
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { required?: boolean; description?: string; content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
}
export interface ApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Descriptions use Markdown's `code` and nothing else worth rendering. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");

const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
const schemaId = (name: string) => `schema-${slug(name)}`;
const operationId = (method: string, path: string) => `op-${method}-${slug(path)}`;

function constraints(s: Schema): string {
  const parts: string[] = [];
  if (s.format) parts.push(s.format);
  if (s.pattern) parts.push(`pattern <code>${escapeHtml(s.pattern)}</code>`);
  if (s.minLength !== undefined || s.maxLength !== undefined)
    parts.push(`length ${s.minLength ?? 0}–${s.maxLength ?? "∞"}`);
  if (s.minimum !== undefined || s.maximum !== undefined)
    parts.push(`${s.minimum ?? "−∞"} ≤ x ≤ ${s.maximum ?? "∞"}`);
  if (s.minItems !== undefined || s.maxItems !== undefined)
    parts.push(`${s.minItems ?? 0}–${s.maxItems ?? "∞"} items`);
  if (s.default !== undefined) parts.push(`default <code>${escapeHtml(JSON.stringify(s.default))}</code>`);
  if (s.example !== undefined) parts.push(`e.g. <code>${escapeHtml(JSON.stringify(s.example))}</code>`);
  return parts.length ? ` <span class="hint">${parts.join(" · ")}</span>` : "";
}

/** A schema as a TypeScript-like type: references link to their definition, objects nest. */
function schemaHtml(s: Schema, depth = 0): string {
  if (depth > 12) return "…";
  if (s.$ref) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, "");
    return `<a class="type" href="#${schemaId(name)}">${escapeHtml(name)}</a>`;
  }
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map((u) => schemaHtml(u, depth + 1)).join(" | ");
  if (s.allOf) return s.allOf.map((u) => schemaHtml(u, depth + 1)).join(" &amp; ");
  if (s.enum) return s.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(" | ");
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const nullable = types.includes("null") && types.length > 1 ? ' | <span class="type">null</span>' : "";
  const type = types.find((t) => t !== "null") ?? types[0];
  if (type === "array") return `${s.items ? schemaHtml(s.items, depth + 1) : "unknown"}[]${nullable}`;
  if (type === "object" || s.properties) {
    const fields = Object.entries(s.properties ?? {}).map(([name, field]) => {
      const optional = s.required?.includes(name) ? "" : '<span class="optional">optional</span> ';
      const about = field.description ? `<div class="about">${prose(field.description)}</div>` : "";
      return `<li><code class="field">${escapeHtml(name)}</code> ${optional}${schemaHtml(field, depth + 1)}${constraints(field)}${about}</li>`;
    });
    const extra = s.additionalProperties;
    if (extra && typeof extra === "object")
      fields.push(`<li><code class="field">[key: string]</code> ${schemaHtml(extra, depth + 1)}</li>`);
    else if (extra === true || (fields.length === 0 && extra === undefined))
      fields.push('<li><code class="field">[key: string]</code> <span class="type">unknown</span></li>');
    return `<span class="type">object</span>${nullable}<ul class="fields">${fields.join("")}</ul>`;
  }
  return `<span class="type">${escapeHtml(type ?? "unknown")}</span>${nullable}`;
}

function bodyHtml(content: Content | undefined): string {
  return Object.entries(content ?? {})
    .map(
      ([mediaType, { schema }]) =>
        `<div class="body"><span class="media">${escapeHtml(mediaType)}</span> ${schema ? `${schemaHtml(schema)}${constraints(schema)}` : ""}</div>`,
    )
    .join("");
}

function operationHtml(method: string, path: string, op: Operation): string {
  const parameters = op.parameters?.length
    ? `<h4>Parameters</h4><div class="scroll"><table><thead><tr><th>name</th><th>in</th><th>type</th><th>about</th></tr></thead><tbody>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? "" : ' <span class="optional">optional</span>'}</td><td>${escapeHtml(p.in)}</td><td>${p.schema ? `${schemaHtml(p.schema)}${constraints(p.schema)}` : ""}</td><td>${p.description ? prose(p.description) : ""}</td></tr>`,
        )
        .join("")}</tbody></table></div>`
    : "";
  const request = op.requestBody
    ? `<h4>Request body${op.requestBody.required ? "" : ' <span class="optional">optional</span>'}</h4>${op.requestBody.description ? `<p>${prose(op.requestBody.description)}</p>` : ""}${bodyHtml(op.requestBody.content)}`
    : "";
  const responses = Object.entries(op.responses ?? {})
    .map(
      ([status, r]) =>
        `<li><span class="status s${escapeHtml(status.charAt(0))}">${escapeHtml(status)}</span> ${prose(r.description ?? "")}${bodyHtml(r.content)}</li>`,
    )
    .join("");
  return `<section class="operation" id="${operationId(method, path)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code class="path">${escapeHtml(path)}</code></h3>
${op.summary ? `<p class="summary">${prose(op.summary)}</p>` : ""}${op.description ? `<p>${prose(op.description)}</p>` : ""}
${parameters}${request}<h4>Responses</h4><ul class="responses">${responses}</ul>
</section>`;
}

const STYLE = `
:root { color: #1f2933; background: #f8fafb; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; }
header, main { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
h1 { margin: 0.5rem 0; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #d9e2ec; padding-bottom: 0.25rem; }
h3 { font-size: 1rem; margin: 0 0 0.25rem; overflow-wrap: anywhere; }
h4 { font-size: 0.9rem; margin: 0.75rem 0 0.25rem; color: #52606d; }
a { color: #0f766e; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
nav ul { padding-left: 1.25rem; }
nav li { margin: 0.15rem 0; overflow-wrap: anywhere; }
.operation, .schema { background: #fff; border: 1px solid #d9e2ec; border-radius: 6px; padding: 0.75rem 1rem; margin: 0.75rem 0; }
.method { display: inline-block; min-width: 3.6rem; text-align: center; border-radius: 4px; padding: 0 0.3rem; color: #fff; font-size: 0.8rem; background: #52606d; }
.method.get { background: #0f766e; } .method.post { background: #1d4ed8; } .method.put, .method.patch { background: #b45309; } .method.delete { background: #b42318; }
.summary { margin: 0.25rem 0; }
.fields { list-style: none; margin: 0.2rem 0; padding-left: 1rem; border-left: 2px solid #e4e7eb; }
.fields li { margin: 0.2rem 0; }
.field { font-weight: 600; }
.type { color: #7c3aed; font-family: ui-monospace, monospace; font-size: 0.9em; }
a.type { color: #0f766e; }
.optional, .hint, .media, .about { color: #52606d; font-size: 0.85rem; }
.about { margin-left: 0.25rem; }
.responses { list-style: none; padding: 0; margin: 0; }
.responses > li { margin: 0.3rem 0; }
.status { display: inline-block; min-width: 2.5rem; font-weight: 600; font-family: ui-monospace, monospace; }
.s2 { color: #05603a; } .s3 { color: #1d4ed8; } .s4 { color: #b45309; } .s5 { color: #b42318; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e4e7eb; }
`;

/** The whole reference page for `document`. */
export function referencePage(document: ApiDocument): string {
  const byTag = new Map<string, Array<[string, string, Operation]>>();
  for (const [path, item] of Object.entries(document.paths ?? {}))
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), [method, path, op]]);
    }
  const schemas = Object.entries(document.components?.schemas ?? {});
  const contents = [...byTag]
    .map(
      ([tag, ops]) =>
        `<li><a href="#tag-${slug(tag)}">${escapeHtml(tag)}</a><ul>${ops
          .map(
            ([method, path, op]) =>
              `<li><a href="#${operationId(method, path)}"><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></a>${op.summary ? ` — ${prose(op.summary)}` : ""}</li>`,
          )
          .join("")}</ul></li>`,
    )
    .join("");
  const sections = [...byTag]
    .map(
      ([tag, ops]) =>
        `<h2 id="tag-${slug(tag)}">${escapeHtml(tag)}</h2>${ops.map(([m, p, op]) => operationHtml(m, p, op)).join("\n")}`,
    )
    .join("\n");
  const types = schemas
    .map(
      ([name, s]) =>
        `<section class="schema" id="${schemaId(name)}"><h3>${escapeHtml(name)}</h3>${s.description ? `<p>${prose(s.description)}</p>` : ""}${schemaHtml(s)}${constraints(s)}</section>`,
    )
    .join("\n");
  const { title, version, description } = document.info;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} reference</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p><a href="/">← Atalaya dashboard</a></p>
<h1>${escapeHtml(title)} <small>${escapeHtml(version)}</small></h1>
${description ? `<p>${prose(description)}</p>` : ""}
<p>The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors share one envelope, <a href="#${schemaId("Error")}">Error</a>.</p>
</header>
<main>
<nav aria-label="Operations"><h2>Operations</h2><ul>${contents}<li><a href="#types">types</a></li></ul></nav>
${sections}
<h2 id="types">Types</h2>
${types}
</main>
</body>
</html>`;
}

/** `/api/docs`, rendered once from the document the app serves at /api/openapi.json. */
export function docsRoutes(document: () => ApiDocument) {
  let page: string | null = null;
  return new Hono().get("/", (c) => {
    page ??= referencePage(document());
    return c.html(page);
  });
}
