/**
 * The tray icon, kept in step with the open stock issues. The count is shown per platform where
 * it is seen: on macOS as the title next to the menu-bar icon and the Dock badge; on Windows and
 * Linux drawn into the icon (tray tooltips are often hidden on Linux), with the tooltip too.
 */
import type { IssuesEvent, IssuesState } from './issues';
import { issueCount, noIssues, reduceIssues } from './issues';
import type { MenuAction, MenuEntry } from './menu';
import { badgeText, trayIconFile, trayMenu, trayTooltip } from './menu';

/** The part of Electron's Tray the controller drives. */
export interface TrayLike {
  setImage(image: string): void;
  setToolTip(text: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface TrayControllerDeps {
  readonly tray: TrayLike;
  readonly platform: NodeJS.Platform;
  /** The path of an icon file in the tray icon folder. */
  iconPath(file: string): string;
  /** Turns menu data into the platform menu, calling `run` for clicked actions. */
  buildMenu(entries: readonly MenuEntry[], run: (action: MenuAction) => void): unknown;
  run(action: MenuAction): void;
  setBadgeCount(count: number): void;
  paused(): boolean;
  mode(): 'local' | 'cloud';
  cloudAvailable(): boolean;
}

/** Creates the controller and draws the initial (empty) state. */
export const createTrayController = (deps: TrayControllerDeps) => {
  let state: IssuesState = noIssues;

  const render = () => {
    const count = issueCount(state);
    const { tray } = deps;
    if (deps.platform === 'darwin') {
      tray.setImage(deps.iconPath('trayTemplate.png'));
      tray.setTitle(badgeText(count));
    } else {
      tray.setImage(deps.iconPath(trayIconFile(count)));
    }
    deps.setBadgeCount(count);
    tray.setToolTip(trayTooltip(count, deps.paused()));
    const entries = trayMenu(state, {
      paused: deps.paused(),
      mode: deps.mode(),
      cloudAvailable: deps.cloudAvailable(),
    });
    tray.setContextMenu(deps.buildMenu(entries, (action) => deps.run(action)));
  };

  deps.tray.on('click', () => deps.run({ type: 'open' }));
  render();
  return {
    /** Folds an event in and redraws. */
    apply(event: IssuesEvent): void {
      state = reduceIssues(state, event);
      render();
    },
    /** Redraws (after pausing or resuming). */
    render,
    state: (): IssuesState => state,
  };
};

export type TrayController = ReturnType<typeof createTrayController>;
