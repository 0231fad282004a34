// Interim version; the domain module replaces it.
export function scrubPii(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (m) => `${m[0]}***@${m.split('@')[1]}`)
    .replace(/\+?\d[\d\s-]{6,}\d/g, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);
}
