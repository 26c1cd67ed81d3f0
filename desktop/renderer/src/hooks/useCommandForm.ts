/**
 * A form that sends one command: checked first with the command's shared schema (the same
 * messages the API would give), then sent with an idempotency key, errors shown next to the
 * fields they name. A submit repeated after any failure, with unchanged values, reuses the key: an
 * action whose answer was lost, or that the server carried out but could not confirm, is never
 * carried out twice, and one that was refused stored nothing under its key, so it is simply tried
 * again.
 */
import type { FormEvent } from 'react';
import { useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { parseInput } from '../../../../shared';
import { newKey } from '../api/keys';
import type { PlacedErrors } from './fieldErrors';
import { placeError } from './fieldErrors';

export type FormValues = Record<string, string | boolean>;

export interface CommandFormOptions<V extends FormValues, R> {
  readonly initial: V;
  /** The command's input built from the form's values. */
  readonly toInput: (values: V) => Record<string, unknown>;
  /** The command's shared input schema, checked before sending. */
  readonly schema?: z.ZodType;
  /**
   * Fields that must not be blank, with what to say when they are: plainer than the schema's
   * view of a blank ("must be a number", "must be a UUID").
   */
  readonly required?: Readonly<Partial<Record<keyof V & string, string>>>;
  readonly send: (input: Record<string, unknown>, idempotencyKey: string) => Promise<R>;
  /** Maps an input path the errors name (`unitCost.amountMinor`) to the form field showing it. */
  readonly rename?: (path: string) => string;
  readonly onDone?: (result: R, values: V) => void;
}

export interface CommandForm<V extends FormValues> {
  readonly values: V;
  readonly errors: Readonly<Partial<Record<keyof V & string, string>>>;
  readonly formError: string | null;
  readonly submitting: boolean;
  set<K extends keyof V & string>(field: K, value: V[K]): void;
  reset(values?: V): void;
  /** For a form's onSubmit; resolves true when the command was carried out. */
  submit(event?: FormEvent): Promise<boolean>;
}

export const useCommandForm = <V extends FormValues, R>(
  options: CommandFormOptions<V, R>,
): CommandForm<V> => {
  const [values, setValues] = useState<V>(options.initial);
  const [errors, setErrors] = useState<Partial<Record<keyof V & string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // The last attempt that failed: its key and what it sent.
  const failed = useRef<{ key: string; input: string } | null>(null);
  const busy = useRef(false);
  const latest = useRef(options);
  latest.current = options;

  const set = useCallback(<K extends keyof V & string>(field: K, value: V[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) =>
      current[field] === undefined ? current : { ...current, [field]: undefined },
    );
  }, []);

  const show = (error: unknown, current: V) => {
    const placed = placeError(error, (f) => f in current, latest.current.rename);
    setErrors(placed.fields as Partial<Record<keyof V & string, string>>);
    setFormError(placed.form);
  };

  const submit = async (event?: FormEvent): Promise<boolean> => {
    event?.preventDefault();
    // A ref, not the state: two Enter presses in one frame must not send two commands.
    if (busy.current) return false;
    const { toInput, schema, send, onDone, required = {} } = latest.current;
    const input = toInput(values);
    const blank = Object.fromEntries(
      Object.entries(required).filter(([f]) => String(values[f] ?? '').trim() === ''),
    );
    let checked: PlacedErrors = { fields: {}, form: null };
    try {
      if (schema !== undefined) parseInput(schema, input);
    } catch (error) {
      checked = placeError(error, (f) => f in values, latest.current.rename);
    }
    if (checked.form !== null || Object.keys({ ...checked.fields, ...blank }).length > 0) {
      setErrors({ ...checked.fields, ...blank } as Partial<Record<keyof V & string, string>>);
      setFormError(checked.form);
      return false;
    }
    const fingerprint = JSON.stringify(input);
    const key = failed.current?.input === fingerprint ? failed.current.key : newKey();
    busy.current = true;
    setSubmitting(true);
    setFormError(null);
    try {
      const result = await send(input, key);
      failed.current = null;
      setErrors({});
      onDone?.(result, values);
      return true;
    } catch (error) {
      failed.current = { key, input: fingerprint };
      show(error, values);
      return false;
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  };

  const reset = (next?: V) => {
    setValues(next ?? latest.current.initial);
    setErrors({});
    setFormError(null);
    failed.current = null;
  };

  return { values, errors, formError, submitting, set, reset, submit };
};
