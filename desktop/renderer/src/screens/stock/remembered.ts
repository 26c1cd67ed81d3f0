/** The warehouse last worked in, so a clerk at one site does not pick it for every scan. */
const KEY = 'stockmate.warehouse';

export const lastWarehouse = (active: readonly string[]): string => {
  const stored = localStorage.getItem(KEY);
  if (stored !== null && active.includes(stored)) return stored;
  return active.length === 1 ? (active[0] ?? '') : '';
};

export const rememberWarehouse = (warehouseId: string): void => {
  if (warehouseId !== '') localStorage.setItem(KEY, warehouseId);
};
