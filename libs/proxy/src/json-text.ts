/**
 * Edits of JSON text that leave everything else byte for byte as it came: the passthrough
 * path changes one value of a body it does not re-serialise (PERFORMANCE.md: a parse and
 * a stringify of a large body cost more than the gateway's whole budget).
 */

/** Index of the quote closing the string that opens at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end > 0) {
    let slashes = 0;
    for (let j = end - 1; text.charCodeAt(j) === 92; j--) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/**
 * Replace the string value at `path` (object keys from the root) with `value`; null when the
 * text has no string there. Strings are skipped with indexOf, so the cost is in the structure,
 * not the length of the texts.
 */
export function replaceJsonString(text: string, path: readonly string[], value: string): string | null {
  let depth = 0;
  /** How many enclosing objects lie on the path (the root counts as one). */
  let onPath = 0;
  const inObject: boolean[] = [];
  let expectKey = false;
  let key: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = closingQuote(text, i);
      if (end < 0) return null;
      if (expectKey) {
        key = text.slice(i + 1, end);
        expectKey = false;
      } else {
        if (onPath === depth && depth === path.length && key === path[depth - 1]) return text.slice(0, i) + JSON.stringify(value) + text.slice(end + 1);
        key = null;
      }
      i = end;
    } else if (c === 123 || c === 91) {
      const object = c === 123;
      if (object && onPath === depth && (depth === 0 || (depth < path.length && key === path[depth - 1]))) onPath = depth + 1;
      inObject[depth++] = object;
      expectKey = object;
      key = null;
    } else if (c === 125 || c === 93) {
      if (onPath === depth) onPath--;
      depth--;
      key = null;
      if (depth === 0) return null;
    } else if (c === 44) {
      expectKey = inObject[depth - 1];
      key = expectKey ? null : key;
    }
  }
  return null;
}

/** The top-level `model` replaced; null when the text has no top-level string `model`. */
export const withModel = (text: string, model: string): string | null => replaceJsonString(text, ['model'], model);

/** Insert `"name":<json>,` as the first member of the root object (the caller set no such member). */
export function prependMember(text: string, name: string, json: string): string {
  const open = text.indexOf('{');
  return `${text.slice(0, open + 1)}${JSON.stringify(name)}:${json},${text.slice(open + 1)}`;
}

/**
 * Whether the JSON text nests objects and arrays deeper than `max`. Strings are skipped with
 * indexOf, so the cost is in the structure; run before parsing, a deep body costs nothing more.
 */
export function exceedsDepth(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = closingQuote(text, i);
      if (end < 0) return false;
      i = end;
    } else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
