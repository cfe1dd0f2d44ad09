/**
 * `subscriptions[2].events[0]` style paths, as docs/cli-and-config.md §2 asks for every config problem.
 * Used for config import problems and for the contract's invalid_params issues alike.
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}
