import { z } from 'zod';
import type { DomainEvent } from '../../core';
import { assertNever, conflict, fields, notFound } from '../../core';

export interface WarehouseDetails {
  readonly code: string;
  readonly name: string;
  readonly address: string | null;
}

export type WarehouseEvent =
  | DomainEvent<'WarehouseCreated', { warehouseId: string } & WarehouseDetails>
  | DomainEvent<'WarehouseUpdated', { warehouseId: string; changes: Partial<WarehouseDetails> }>
  | DomainEvent<'WarehouseArchived', { warehouseId: string }>
  | DomainEvent<'WarehouseRestored', { warehouseId: string }>;

export interface WarehouseState {
  readonly warehouse:
    ({ readonly warehouseId: string; readonly archived: boolean } & WarehouseDetails) | null;
}

export const initialWarehouseState: WarehouseState = { warehouse: null };

export const evolveWarehouse = (state: WarehouseState, event: WarehouseEvent): WarehouseState => {
  switch (event.type) {
    case 'WarehouseCreated':
      return { warehouse: { ...event.data, archived: false } };
    case 'WarehouseUpdated':
      return state.warehouse === null
        ? state
        : { warehouse: { ...state.warehouse, ...event.data.changes } };
    case 'WarehouseArchived':
    case 'WarehouseRestored':
      return state.warehouse === null
        ? state
        : { warehouse: { ...state.warehouse, archived: event.type === 'WarehouseArchived' } };
    default:
      return assertNever(event);
  }
};

export type WarehouseCommand =
  | { type: 'CreateWarehouse'; warehouseId: string; details: WarehouseDetails }
  | { type: 'UpdateWarehouse'; warehouseId: string; changes: Partial<WarehouseDetails> }
  | { type: 'ArchiveWarehouse'; warehouseId: string }
  | { type: 'RestoreWarehouse'; warehouseId: string };

export interface WarehouseEnv {
  /** The warehouse that already holds the command's code, if any. */
  readonly codeOwner?: string | null;
  /** Units on hand in the warehouse, across products (archiving needs it empty). */
  readonly onHand?: number;
}

export const decideWarehouse = (
  command: WarehouseCommand,
  state: WarehouseState,
  env: WarehouseEnv,
): WarehouseEvent[] => {
  const codeFree = (code: string | undefined) => {
    if (code !== undefined && env.codeOwner != null && env.codeOwner !== command.warehouseId) {
      throw conflict('code', `warehouse code ${code} is already used`);
    }
  };
  switch (command.type) {
    case 'CreateWarehouse':
      if (state.warehouse !== null)
        throw conflict('warehouseId', `warehouse ${command.warehouseId} already exists`);
      codeFree(command.details.code);
      return [
        {
          type: 'WarehouseCreated',
          data: { warehouseId: command.warehouseId, ...command.details },
        },
      ];
    case 'UpdateWarehouse': {
      const current = state.warehouse;
      if (current === null) throw notFound('warehouseId', `no warehouse ${command.warehouseId}`);
      codeFree(command.changes.code);
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([k, v]) => v !== undefined && current[k as keyof WarehouseDetails] !== v,
        ),
      );
      return Object.keys(changes).length === 0
        ? []
        : [{ type: 'WarehouseUpdated', data: { warehouseId: command.warehouseId, changes } }];
    }
    case 'ArchiveWarehouse': {
      const current = state.warehouse;
      if (current === null) throw notFound('warehouseId', `no warehouse ${command.warehouseId}`);
      if (current.archived) return [];
      if ((env.onHand ?? 0) > 0) {
        throw conflict(
          'warehouseId',
          `warehouse ${current.code} still holds ${env.onHand} units; transfer them first`,
        );
      }
      return [{ type: 'WarehouseArchived', data: { warehouseId: command.warehouseId } }];
    }
    case 'RestoreWarehouse': {
      // Its code stayed its own while archived (codes are unique across all warehouses).
      const current = state.warehouse;
      if (current === null) throw notFound('warehouseId', `no warehouse ${command.warehouseId}`);
      return current.archived
        ? [{ type: 'WarehouseRestored', data: { warehouseId: command.warehouseId } }]
        : [];
    }
    default:
      return assertNever(command);
  }
};

const address = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  .nullish()
  .transform((v) => (v ? v : null));

export const createWarehouseInput = z
  .object({ warehouseId: fields.id.optional(), code: fields.code, name: fields.name, address })
  .strict();

export const updateWarehouseInput = z
  .object({
    warehouseId: fields.id,
    code: fields.code.optional(),
    name: fields.name.optional(),
    address: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional(),
  })
  .strict();

export const warehouseIdInput = z.object({ warehouseId: fields.id }).strict();
