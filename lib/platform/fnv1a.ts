/** FNV-1a, 32 bit: cheap, stable across releases and runtimes (a shard or a stored key derived from it must never move). */
export function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
