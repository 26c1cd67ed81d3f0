/** Calls `run` once a day at `hour` (local time), passing the day as YYYY-MM-DD, until stopped. */
export const nightly = (
  hour: number,
  run: (day: string) => Promise<unknown>,
  log: (message: string, error?: unknown) => void,
) => {
  let timer: NodeJS.Timeout | null = null;
  const next = () => {
    const now = new Date();
    const at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour, 0, 0, 0);
    if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
    timer = setTimeout(() => {
      const day = new Date().toISOString().slice(0, 10);
      run(day).catch((error: unknown) => log('nightly usage analysis could not start', error));
      next();
    }, at.getTime() - now.getTime());
    timer.unref();
  };
  next();
  return { stop: () => (timer === null ? undefined : clearTimeout(timer)) };
};
