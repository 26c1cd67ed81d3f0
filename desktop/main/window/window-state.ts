/**
 * Where the window opens: where it was last time, if that place is still on a screen. Displays
 * change between runs (a laptop leaves its dock), so saved bounds are checked against the work
 * areas of the displays there are now, and moved and shrunk onto one when needed.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 960, height: 640 } as const;
/** Less of the window than this on a screen and it counts as lost. */
const MIN_VISIBLE = { width: 160, height: 48 } as const;

const overlap = (a: Rect, b: Rect): { width: number; height: number } => ({
  width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
  height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
});

const clamp = (value: number, low: number, high: number): number =>
  Math.min(Math.max(value, low), Math.max(low, high));

const isSane = (r: Rect): boolean =>
  [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width > 0 && r.height > 0;

/** Fits a size into a work area, then the rectangle inside it. */
const fitInto = (area: Rect, r: Rect): Rect => {
  const width = Math.round(clamp(r.width, Math.min(MIN_SIZE.width, area.width), area.width));
  const height = Math.round(clamp(r.height, Math.min(MIN_SIZE.height, area.height), area.height));
  return {
    x: Math.round(clamp(r.x, area.x, area.x + area.width - width)),
    y: Math.round(clamp(r.y, area.y, area.y + area.height - height)),
    width,
    height,
  };
};

const centred = (area: Rect, width: number, height: number): Rect =>
  fitInto(area, {
    x: area.x + (area.width - width) / 2,
    y: area.y + (area.height - height) / 2,
    width,
    height,
  });

/**
 * The state to open with: the saved one fitted onto the display it overlaps most, or — when it is
 * missing, malformed or off every screen — the default size centred on the primary display.
 */
export const restoreWindowState = (
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
): WindowState => {
  if (saved === null || !isSane(saved.bounds)) {
    return { bounds: centred(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height), maximized: false };
  }
  let best: { area: Rect; size: number } | null = null;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    const size =
      o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height ? o.width * o.height : 0;
    if (size > 0 && (best === null || size > best.size)) best = { area, size };
  }
  if (best === null) {
    return {
      bounds: centred(primary, saved.bounds.width, saved.bounds.height),
      maximized: saved.maximized,
    };
  }
  return { bounds: fitInto(best.area, saved.bounds), maximized: saved.maximized };
};
