/**
 * Opens the session before the app shows: the connection, Amplify, who is signed in. In cloud
 * mode a signed-out user sees the sign-in screen first.
 */
import { useEffect, useState } from 'react';
import { createApi } from '../api/client';
import type { Session } from '../api/connection';
import { openSession } from '../api/connection';
import { configureAmplify } from '../api/configure';
import { createNameCache } from '../api/names';
import { meQuery } from '../api/queries';
import type { Me } from '../api/types';
import type { Services } from './context';
import { Ready } from './Ready';
import { SignIn } from './SignIn';
import { StartFailed } from './StartFailed';

export type Opened = Omit<Services, 'live'>;

type Stage =
  | { readonly kind: 'opening' }
  | { readonly kind: 'signed-out'; readonly session: Session }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'ready'; readonly opened: Opened };

const start = async (session: Session): Promise<Opened> => {
  configureAmplify(session);
  const api = createApi();
  const { me } = await api.query<{ me: Me }>(meQuery);
  return { api, me, session, names: createNameCache(api) };
};

const open = async (): Promise<Stage> => {
  const session = await openSession();
  if (session.connection.mode === 'cloud' && session.bridge !== null) {
    const signedIn = (await session.bridge.session()).signedIn;
    if (!signedIn) return { kind: 'signed-out', session };
  }
  return { kind: 'ready', opened: await start(session) };
};

export const Boot = () => {
  const [stage, setStage] = useState<Stage>({ kind: 'opening' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    open()
      .then(setStage)
      .catch((error: unknown) => setStage({ kind: 'failed', error }));
  }, [attempt]);

  switch (stage.kind) {
    case 'opening':
      return (
        <div className="boot" role="status">
          <span className="spinner" aria-hidden="true" /> Opening Stock-Mate…
        </div>
      );
    case 'failed':
      return <StartFailed error={stage.error} retry={() => setAttempt((n) => n + 1)} />;
    case 'signed-out':
      return (
        <SignIn
          session={stage.session}
          signedIn={() => {
            start(stage.session)
              .then((opened) => setStage({ kind: 'ready', opened }))
              .catch((error: unknown) => setStage({ kind: 'failed', error }));
          }}
        />
      );
    case 'ready':
      return <Ready opened={stage.opened} />;
  }
};
