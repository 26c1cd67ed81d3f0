/** The services every screen uses, provided once the session is open. */
import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import type { Api } from '../api/client';
import type { Session } from '../api/connection';
import type { Live } from '../api/live';
import type { NameCache } from '../api/names';
import type { Me, Role } from '../api/types';

export interface Services {
  readonly api: Api;
  readonly live: Live;
  readonly me: Me;
  readonly session: Session;
  readonly names: NameCache;
}

const ServicesContext = createContext<Services | null>(null);

export const ServicesProvider = ({
  services,
  children,
}: {
  services: Services;
  children: ReactNode;
}) => <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;

export const useServices = (): Services => {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices outside ServicesProvider');
  return services;
};

const rank: Readonly<Record<Role, number>> = { VIEWER: 0, CLERK: 1, MANAGER: 2, ADMIN: 3 };

/** Whether the signed-in user's role reaches `least` (the API checks again; this hides buttons). */
export const useCan = (least: Role): boolean => rank[useServices().me.role] >= rank[least];
