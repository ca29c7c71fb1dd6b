/**
 * A JSON Schema (as zod's `toJSONSchema` writes it for the route schemas) as
 * a TypeScript type: objects, arrays, tuples, records, unions, enums,
 * literals, nullables; descriptions become doc comments. Anything it does not
 * know (a `$ref`, say) throws, so the generated contract is never silently wrong.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  $ref?: string;
  [keyword: string]: unknown;
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal in the repository's style (single quotes). */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.map((t) => (t.includes('=>') ? `(${t})` : t)).join(' | ');
}

function doc(description: string | undefined, pad: string): string {
  if (!description) return '';
  const text = description.replace(/\*\//g, '*\\/');
  return `${pad}/** ${text} */\n`;
}

function objectType(schema: JsonSchema, indent: number): string {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const extra = schema.additionalProperties;
  const names = Object.keys(properties);
  if (names.length === 0) {
    if (extra && typeof extra === 'object') return `Record<string, ${toType(extra, indent)}>`;
    return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  }
  const pad = '  '.repeat(indent + 1);
  const lines = names.map((name) => {
    const property = properties[name]!;
    return `${doc(property.description, pad)}${pad}${key(name)}${required.has(name) ? '' : '?'}: ${toType(property, indent + 1)};`;
  });
  if (extra && typeof extra === 'object') lines.push(`${pad}[key: string]: ${toType(extra, indent + 1)};`);
  return `{\n${lines.join('\n')}\n${'  '.repeat(indent)}}`;
}

function arrayType(schema: JsonSchema, indent: number): string {
  if (schema.prefixItems) return `[${schema.prefixItems.map((s) => toType(s, indent)).join(', ')}]`;
  if (Array.isArray(schema.items)) return `[${schema.items.map((s) => toType(s, indent)).join(', ')}]`;
  const item = schema.items ? toType(schema.items, indent) : 'unknown';
  return /^[\w.]+$/.test(item) || item.startsWith('{') || item.startsWith('Record<') ? `${item}[]` : `Array<${item}>`;
}

function primitive(type: string, schema: JsonSchema, indent: number): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'object':
      return objectType(schema, indent);
    case 'array':
      return arrayType(schema, indent);
    default:
      throw new Error(`JSON Schema type "${type}" is not supported`);
  }
}

/** The TypeScript type of a JSON Schema, printed at `indent` levels (two spaces each). */
export function toType(schema: JsonSchema, indent = 0): string {
  if (schema.$ref !== undefined) throw new Error(`a $ref (${schema.$ref}) is not supported: inline the schema`);
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return union(schema.enum.map(literal));
  if (schema.anyOf) return union(schema.anyOf.map((s) => toType(s, indent)));
  if (schema.oneOf) return union(schema.oneOf.map((s) => toType(s, indent)));
  if (schema.allOf) return schema.allOf.map((s) => toType(s, indent)).join(' & ');
  if (Array.isArray(schema.type)) return union(schema.type.map((t) => primitive(t, schema, indent)));
  if (schema.type !== undefined) return primitive(schema.type, schema, indent);
  if (schema.properties) return objectType(schema, indent);
  return 'unknown';
}
