import type { OperationName } from '../app/operations';
import { isPublicOperation, operationNamed } from '../app/operations';

/** Fields whose `null` means "clear it"; any other `null` from a client means "not given". */
const clearable = new Set([
  'barcode',
  'minStock',
  'maxStock',
  'category',
  'preferredSupplierId',
  'email',
  'phone',
  'unitPrice',
  'address',
  'note',
  'reason',
  'reference',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// Nested input objects (a purchase order's lines) have no clearable fields: a null there is "not given".
const withoutNulls = (input: Record<string, unknown>, keep = clearable): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(input)
      .filter(([key, value]) => value !== null || keep.has(key))
      .map(([key, value]) => [
        key,
        Array.isArray(value)
          ? (value as unknown[]).map((item) =>
              isRecord(item) ? withoutNulls(item, new Set()) : item,
            )
          : value,
      ]),
  );

/** A mutation's arguments as its operation takes them: the idempotency key apart, enums as the domain spells them. */
export const commandInput = (
  name: OperationName,
  args: unknown,
): { readonly idempotencyKey: unknown; readonly input: Record<string, unknown> } => {
  const raw = (args as { input?: unknown } | null)?.input;
  const { idempotencyKey, ...input } = (
    raw !== null && typeof raw === 'object' ? raw : {}
  ) as Record<string, unknown>;
  const shaped = withoutNulls(input);
  if (name === 'adjustStock' && typeof shaped['reason'] === 'string')
    shaped['reason'] = shaped['reason'].toLowerCase();
  return { idempotencyKey, input: shaped };
};

export const mutationOperation = (fieldName: string) =>
  isPublicOperation(fieldName) ? operationNamed(fieldName) : null;
