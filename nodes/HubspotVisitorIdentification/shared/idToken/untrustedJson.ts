/**
 * JSON from outside (a token's header and payload, a key document) handled without recursion. Within the
 * 16 KB of a token, arrays can nest thousands of levels deep: V8's JSON.parse copes, but JSON.stringify and
 * String() of an array recurse and throw "Maximum call stack size exceeded", which no caller expects.
 */

/** How deeply a JSON text nests arrays and objects, in one pass over the text; brackets in strings do not count. */
export function nestingDepth(json: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let index = 0; index < json.length; index++) {
		const character = json[index];
		if (inString) {
			if (character === '\\') index++;
			else if (character === '"') inString = false;
		} else if (character === '"') {
			inString = true;
		} else if (character === '[' || character === '{') {
			deepest = Math.max(deepest, ++depth);
		} else if (character === ']' || character === '}') {
			depth--;
		}
	}
	return deepest;
}

interface Open {
	close: ']' | '}';
	container: Record<string, unknown> | unknown[];
	keys?: string[];
	next: number;
}

/**
 * The JSON text of a parsed JSON value, as JSON.stringify writes it, but only its first `limit` characters
 * or a few more: written with a stack of its own, so any depth costs memory in proportion, never the call stack.
 */
export function jsonPrefix(value: unknown, limit: number): string {
	let text = '';
	const open: Open[] = [];
	let pending: { value: unknown } | undefined = { value };
	while (text.length <= limit) {
		if (pending) {
			const current = pending.value;
			pending = undefined;
			if (Array.isArray(current)) {
				text += '[';
				open.push({ close: ']', container: current, next: 0 });
			} else if (typeof current === 'object' && current !== null) {
				text += '{';
				open.push({ close: '}', container: current as Record<string, unknown>, keys: Object.keys(current), next: 0 });
			} else {
				// A string, number, boolean or null: JSON.stringify does not recurse for these.
				text += JSON.stringify(current) ?? 'null';
			}
			continue;
		}
		const innermost = open.at(-1);
		if (!innermost) break;
		const length = innermost.keys ? innermost.keys.length : (innermost.container as unknown[]).length;
		if (innermost.next === length) {
			text += innermost.close;
			open.pop();
			continue;
		}
		if (innermost.next > 0) text += ',';
		if (innermost.keys) {
			const key = innermost.keys[innermost.next];
			text += `${JSON.stringify(key)}:`;
			pending = { value: (innermost.container as Record<string, unknown>)[key] };
		} else {
			pending = { value: (innermost.container as unknown[])[innermost.next] };
		}
		innermost.next++;
	}
	return text;
}
