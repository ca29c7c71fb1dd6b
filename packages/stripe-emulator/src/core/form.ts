/** A parsed request body or query string: nested objects, arrays for `[]` keys, string leaves. */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

/**
 * Splits `items[0][price]` into `['items', '0', 'price']` and `expand[]` into `['expand', '']`.
 * Returns undefined for malformed keys.
 */
function keyPath(key: string): string[] | undefined {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const path = [key.slice(0, open)];
  let i = open;
  while (i < key.length) {
    if (key[i] !== '[') return undefined;
    const close = key.indexOf(']', i);
    if (close === -1) return undefined;
    path.push(key.slice(i + 1, close));
    i = close + 1;
  }
  return path;
}

function assign(target: FormObject, path: string[], value: string): boolean {
  let node: FormObject | FormValue[] = target;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    const nextIsPush = path[i + 1] === '';
    if (Array.isArray(node)) {
      if (segment !== '') return false;
      if (last) {
        node.push(value);
        return true;
      }
      const child: FormObject | FormValue[] = nextIsPush ? [] : {};
      node.push(child);
      node = child;
      continue;
    }
    if (last) {
      node[segment] = value;
      return true;
    }
    const existing: FormValue | undefined = node[segment];
    if (existing === undefined || typeof existing === 'string') {
      const child: FormObject | FormValue[] = nextIsPush ? [] : {};
      node[segment] = child;
      node = child;
    } else {
      node = existing;
    }
  }
  return true;
}

/** Parses `application/x-www-form-urlencoded` text (or a query string) into nested values. */
export function parseForm(text: string): FormObject {
  const out: FormObject = {};
  if (text === '') return out;
  for (const [key, value] of new URLSearchParams(text)) {
    const path = keyPath(key);
    if (!path || path[0] === '') continue;
    assign(out, path, value);
  }
  return out;
}
