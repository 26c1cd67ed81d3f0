/**
 * Labelled form controls. Every control has a visible label tied to it, and its error sits right
 * under it, announced and linked with aria-describedby, so people and tests find both by label.
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { useId } from 'react';
import type { CommandForm, FormValues } from '../hooks/useCommandForm';

interface ShellProps {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  readonly className?: string;
  readonly children: ReactNode;
}

/** The label, the control, then the hint or the error. */
export const FieldShell = ({ id, label, error, hint, className, children }: ShellProps) => (
  <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
    <label htmlFor={id}>{label}</label>
    {children}
    {error ? (
      <p className="field-error" id={`${id}-error`} role="alert">
        {error}
      </p>
    ) : hint ? (
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    ) : null}
  </div>
);

/** The aria attributes that tie a control to its error or hint. */
export const describedBy = (id: string, error: string | undefined, hint: ReactNode) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  'aria-errormessage': error ? `${id}-error` : undefined,
});

type Bound<V extends FormValues> = {
  readonly form: CommandForm<V>;
  readonly name: keyof V & string;
  readonly label: string;
  readonly hint?: ReactNode;
  readonly className?: string;
};

export const TextField = <V extends FormValues>({
  form,
  name,
  label,
  hint,
  className,
  id: givenId,
  ...input
}: Bound<V> & Omit<InputHTMLAttributes<HTMLInputElement>, 'form' | 'name' | 'value'>) => {
  const generated = useId();
  const id = givenId ?? generated;
  const error = form.errors[name];
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <input
        id={id}
        name={name}
        value={String(form.values[name] ?? '')}
        onChange={(e) => form.set(name, e.target.value as V[typeof name])}
        {...describedBy(id, error, hint)}
        {...input}
      />
    </FieldShell>
  );
};

export const SelectField = <V extends FormValues>({
  form,
  name,
  label,
  hint,
  className,
  options,
  placeholder,
  id: givenId,
  ...select
}: Bound<V> & {
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly placeholder?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'form' | 'name' | 'value'>) => {
  const generated = useId();
  const id = givenId ?? generated;
  const error = form.errors[name];
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <select
        id={id}
        name={name}
        value={String(form.values[name] ?? '')}
        onChange={(e) => form.set(name, e.target.value as V[typeof name])}
        {...describedBy(id, error, hint)}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
};

/** The message for the form as a whole, when an error names no field on it. */
export const FormError = ({ message }: { readonly message: string | null }) =>
  message === null ? null : (
    <div className="form-error" role="alert">
      {message}
    </div>
  );

/** The foot of a form in a dialog: the form's own error, Cancel, and the button that saves it. */
export const DialogFormFooter = ({
  form,
  onCancel,
  saveLabel,
}: {
  readonly form: { readonly formError: string | null; readonly submitting: boolean };
  readonly onCancel: () => void;
  readonly saveLabel: string;
}) => (
  <>
    <FormError message={form.formError} />
    <div className="form-actions">
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="btn btn-primary" disabled={form.submitting}>
        {form.submitting ? 'Saving…' : saveLabel}
      </button>
    </div>
  </>
);
