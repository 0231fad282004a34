/** "2026-11-21 10:15:00" in China time (UTC+8, no zone in the payload: Alipay, Kuaidi100) → ISO-8601 UTC. */
export const chinaTime = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`).toISOString();
