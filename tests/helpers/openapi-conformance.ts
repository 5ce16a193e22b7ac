/**
 * Checks a JSON response against the schema the OpenAPI document declares for it: every key
 * the response carries must be documented, every required key present, and types must agree.
 * Catches the API drifting from its own description (and so from the dashboard's types).
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
};
type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components?: { schemas?: Record<string, Schema> };
};

function resolve(doc: Doc, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(doc, found);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export function conformanceProblems(doc: Doc, schema: Schema, value: unknown, where = "$"): string[] {
  const s = resolve(doc, schema);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const results = alternatives.map((alt) => conformanceProblems(doc, alt, value, where));
    return results.some((r) => r.length === 0) ? [] : (results[0] ?? [`${where}: matches no alternative`]);
  }
  if (s.allOf) {
    // An extended object is documented as allOf [base, extension]: check it as one object.
    const parts = s.allOf.map((part) => resolve(doc, part));
    const merged: Schema = {
      type: "object",
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
    };
    return conformanceProblems(doc, merged, value, where);
  }
  if (s.const !== undefined)
    return value === s.const ? [] : [`${where}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`];
  if (s.enum && !s.enum.includes(value))
    return [`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const actual = typeOf(value);
  if (
    types.length > 0 &&
    !types.includes(actual) &&
    !(actual === "integer" && types.includes("number")) &&
    !(actual === "null" && s.nullable)
  ) {
    return [`${where}: ${actual} where ${types.join("|")} is documented`];
  }
  if (actual === "array" && s.items) {
    return (value as unknown[])
      .slice(0, 50)
      .flatMap((v, i) => conformanceProblems(doc, s.items as Schema, v, `${where}[${i}]`));
  }
  if (actual === "object" && (s.properties || s.additionalProperties !== undefined)) {
    const obj = value as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of s.required ?? [])
      if (!(key in obj)) problems.push(`${where}.${key}: required but missing`);
    for (const [key, v] of Object.entries(obj)) {
      const prop = s.properties?.[key];
      if (prop) problems.push(...conformanceProblems(doc, prop, v, `${where}.${key}`));
      else if (typeof s.additionalProperties === "object")
        problems.push(...conformanceProblems(doc, s.additionalProperties, v, `${where}.${key}`));
      else if (s.additionalProperties !== true) problems.push(`${where}.${key}: not documented`);
    }
    return problems;
  }
  return [];
}

/** The documented JSON schema of `path` (an OpenAPI path template) for a method and status (GET, 200). */
export function responseSchema(doc: Doc, path: string, method = "get", status = "200"): Schema {
  const schema = doc.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`no documented ${status} JSON response for ${method.toUpperCase()} ${path}`);
  return schema;
}
