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

/** An object type's members: their keys, each printed in full (no alias in it) and as printed with aliases. */
export type Shape = { keys: string[]; full: string[]; lines: string[] };

/**
 * Names object types that stand in several places, so a contract prints each
 * shape once: called with an object type's members and where it stands (the
 * property names down to it), it answers what to print instead (a name, or a
 * name and the members beyond it), or undefined to print the object in place.
 */
export type Aliases = (shape: Shape, where: string[]) => string | undefined;

/** Members that fit on one line together (no doc comment, no nested lines) are printed on one. */
const ONE_LINE = 100;

/** An object type printed at indent 0. */
export function objectText(lines: string[]): string {
  const inline = `{ ${lines.map((line) => line.trim()).join(' ')} }`;
  if (!lines.some((line) => line.includes('\n') || line.trim().startsWith('/**')) && inline.length <= ONE_LINE) return inline;
  return `{\n${lines.join('\n')}\n}`;
}

type Options = { aliases?: Aliases; where?: string[] };

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

function objectType(schema: JsonSchema, indent: number, options: Options): string {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const extra = schema.additionalProperties;
  const names = Object.keys(properties);
  if (names.length === 0) {
    if (extra && typeof extra === 'object') return `Record<string, ${toType(extra, indent, options)}>`;
    return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  }
  const member = (name: string, type: string) => {
    const property = properties[name]!;
    return `${doc(property.description, '  ')}  ${key(name)}${required.has(name) ? '' : '?'}: ${type};`;
  };
  const full = options.aliases ? names.map((name) => member(name, toType(properties[name]!, 1))) : [];
  const lines = names.map((name) => member(name, toType(properties[name]!, 1, { ...options, where: [...(options.where ?? []), name] })));
  if (extra && typeof extra === 'object') {
    if (options.aliases) full.push(`  [key: string]: ${toType(extra, 1)};`);
    lines.push(`  [key: string]: ${toType(extra, 1, options)};`);
  }
  const printed = options.aliases?.({ keys: names, full, lines }, options.where ?? []) ?? objectText(lines);
  return printed.replace(/\n/g, `\n${'  '.repeat(indent)}`);
}

function arrayType(schema: JsonSchema, indent: number, options: Options): string {
  if (schema.prefixItems) return `[${schema.prefixItems.map((s) => toType(s, indent, options)).join(', ')}]`;
  if (Array.isArray(schema.items)) return `[${schema.items.map((s) => toType(s, indent, options)).join(', ')}]`;
  const item = schema.items ? toType(schema.items, indent, options) : 'unknown';
  return /^[\w.]+$/.test(item) || item.startsWith('{') || item.startsWith('Record<') ? `${item}[]` : `Array<${item}>`;
}

function primitive(type: string, schema: JsonSchema, indent: number, options: Options): string {
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
      return objectType(schema, indent, options);
    case 'array':
      return arrayType(schema, indent, options);
    default:
      throw new Error(`JSON Schema type "${type}" is not supported`);
  }
}

/** The TypeScript type of a JSON Schema, printed at `indent` levels (two spaces each). */
export function toType(schema: JsonSchema, indent = 0, options: Options = {}): string {
  if (schema.$ref !== undefined) throw new Error(`a $ref (${schema.$ref}) is not supported: inline the schema`);
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return union(schema.enum.map(literal));
  if (schema.anyOf) return union(schema.anyOf.map((s) => toType(s, indent, options)));
  if (schema.oneOf) return union(schema.oneOf.map((s) => toType(s, indent, options)));
  if (schema.allOf) return schema.allOf.map((s) => toType(s, indent, options)).join(' & ');
  if (Array.isArray(schema.type)) return union(schema.type.map((t) => primitive(t, schema, indent, options)));
  if (schema.type !== undefined) return primitive(schema.type, schema, indent, options);
  if (schema.properties) return objectType(schema, indent, options);
  return 'unknown';
}
