/**
 * "Did you mean": the known names closest to a mistyped one, for a selector that names no model.
 * Closest by edit distance (Levenshtein), plus the names that contain what was typed
 * (`absence_rate` → `mart_absence_rate`), nearest first.
 */

/** Insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to `limit` names near `typed`; none when nothing is close enough to be a likely typo. */
export function closestNames(typed: string, names: readonly string[], limit = 3): string[] {
  const wanted = typed.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return names
    .map((name) => ({ name, distance: editDistance(wanted, name) }))
    .filter(({ name, distance }) => distance <= threshold || (wanted.length >= 3 && name.includes(wanted)))
    .sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map(({ name }) => name);
}
