/**
 * A value built on first use, then kept. Adapters build their zod schemas this way: the registry
 * holds all twelve providers, a cold start serves one of them, and building every schema of
 * every provider was most of the public function's module-init work.
 */
export function lazily<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
