/** Connection, backup and restore of the local database, notifications, theme, about. */
import { useQuery } from '../../hooks/useQuery';
import { useServices } from '../../app/context';
import type { ThemeChoice } from '../../app/theme';
import { useTheme } from '../../app/theme';
import { Page, Panel } from '../../ui/Page';
import { BackupPanel } from './BackupPanel';

const themes: readonly [ThemeChoice, string][] = [
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['system', 'Same as the system'],
];

export const SettingsScreen = () => {
  const { session, me } = useServices();
  const [theme, setTheme] = useTheme();
  const { connection, bridge } = session;
  const about = useQuery(async () => (bridge ? bridge.about() : null), [bridge]);
  return (
    <Page title="Settings">
      <div className="columns">
        <Panel title="Connection">
          <dl className="facts">
            <dt>Data lives</dt>
            <dd>
              {connection.mode === 'local'
                ? 'On this computer (embedded database)'
                : 'In the cloud, shared with your team'}
            </dd>
            <dt>Server</dt>
            <dd className="mono">{connection.endpoint}</dd>
            <dt>Signed in as</dt>
            <dd>
              {me.username} ({me.role.toLowerCase()})
            </dd>
            <dt>Team</dt>
            <dd className="mono">{me.tenantId}</dd>
          </dl>
          {bridge ? (
            <div className="actions">
              {connection.mode === 'cloud' ? (
                <>
                  <button
                    type="button"
                    className="btn"
                    onClick={() => void bridge.signOut().then(() => location.reload())}
                  >
                    Sign out
                  </button>
                  <button
                    type="button"
                    className="btn"
                    onClick={() => void bridge.switchConnection('local')}
                  >
                    Use this computer instead
                  </button>
                </>
              ) : about.data?.cloudConfigured ? (
                <button
                  type="button"
                  className="btn"
                  onClick={() => void bridge.switchConnection('cloud')}
                >
                  Use the cloud instead
                </button>
              ) : (
                <p className="muted">
                  To work in the cloud, an admin deploys Stock-Mate and runs{' '}
                  <code>npm run cloud:config</code> on this computer.
                </p>
              )}
            </div>
          ) : null}
        </Panel>
        <Panel title="Appearance">
          <fieldset className="radios">
            <legend>Theme</legend>
            {themes.map(([value, label]) => (
              <label key={value} className="inline-check">
                <input
                  type="radio"
                  name="theme"
                  value={value}
                  checked={theme === value}
                  onChange={() => setTheme(value)}
                />
                <span>{label}</span>
              </label>
            ))}
          </fieldset>
        </Panel>
      </div>
      <div className="columns">
        <BackupPanel />
        <Panel title="About">
          <dl className="facts">
            <dt>App</dt>
            <dd>Stock-Mate {about.data ? about.data.version : ''}</dd>
            <dt>Running</dt>
            <dd>
              {about.data
                ? `Desktop app on ${about.data.platform} (Electron ${about.data.electron})`
                : 'In a browser, served by the local Stock-Mate server'}
            </dd>
          </dl>
        </Panel>
      </div>
    </Page>
  );
};
