/**
 * The product field of the stock forms, made for barcode scanners: a scanner types the code and
 * Enter, and an exact SKU or barcode match is picked at once, focus moving on to the quantity.
 * Typing a name shows suggestions to pick with the arrow keys.
 */
import type { KeyboardEvent, RefObject } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { describeError } from '../../api/errors';
import type { Product } from '../../api/types';
import { useServices } from '../../app/context';
import { describedBy, FieldShell } from '../../ui/Field';
import { formatNumber } from '../../ui/format';
import { exactMatch, searchProducts } from './findProduct';

const SUGGEST_DELAY_MS = 180;

export const ProductPicker = ({
  picked,
  onPick,
  error,
  inputRef,
  autoFocus = false,
}: {
  readonly picked: Product | null;
  readonly onPick: (product: Product | null) => void;
  readonly error: string | undefined;
  readonly inputRef: RefObject<HTMLInputElement>;
  readonly autoFocus?: boolean;
}) => {
  const { api } = useServices();
  const id = useId();
  const [text, setText] = useState(picked?.sku ?? '');
  const [suggestions, setSuggestions] = useState<readonly Product[]>([]);
  const [active, setActive] = useState(-1);
  const [note, setNote] = useState<string | null>(null);
  const typedAt = useRef(0);

  // A product picked (here or by the page, e.g. from a link) shows its SKU; clearing is by remount.
  useEffect(() => {
    if (picked !== null) setText(picked.sku);
  }, [picked]);

  // Suggestions while typing; a scan (Enter right after the last key) resolves before they show.
  useEffect(() => {
    if (text.trim() === '' || text === picked?.sku) {
      setSuggestions([]);
      return;
    }
    const mine = ++typedAt.current;
    const timer = setTimeout(() => {
      searchProducts(api, text)
        .then((found) => mine === typedAt.current && setSuggestions(found))
        .catch(() => undefined);
    }, SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, api, picked]);

  const pick = (product: Product) => {
    typedAt.current += 1;
    setSuggestions([]);
    setActive(-1);
    setNote(null);
    onPick(product);
  };

  const resolve = () => {
    const typed = text.trim();
    if (typed === '') return;
    typedAt.current += 1;
    searchProducts(api, typed, 20)
      .then((found) => {
        const match = exactMatch(found, typed) ?? (found.length === 1 ? found[0] : undefined);
        if (match) pick(match);
        else if (found.length === 0) setNote(`No product has the SKU, barcode or name “${typed}”.`);
        else {
          setSuggestions(found);
          setNote('Several products match; pick one.');
        }
      })
      .catch((e: unknown) => setNote(describeError(e)));
  };

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(-1, Math.min(suggestions.length - 1, i + step)));
    } else if (event.key === 'Enter') {
      // Enter picks here; it must not submit the form with a half-chosen product.
      event.preventDefault();
      const chosen = suggestions[active];
      if (chosen) pick(chosen);
      else if (picked !== null && text === picked.sku) onPick(picked);
      else resolve();
    } else if (event.key === 'Escape' && suggestions.length > 0) {
      event.preventDefault();
      setSuggestions([]);
    }
  };

  const shownError = error ?? note ?? undefined;
  const hint = picked
    ? `${picked.name} — ${formatNumber(picked.stock?.available ?? 0)} ${picked.unit} available in all warehouses`
    : 'Scan a barcode, or type a SKU and press Enter';
  return (
    <FieldShell id={id} label="Product" error={shownError} hint={hint} className="picker">
      <input
        id={id}
        ref={inputRef}
        value={text}
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={suggestions.length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={active >= 0 ? `${id}-opt-${active}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setNote(null);
          setActive(-1);
          if (picked !== null) onPick(null);
        }}
        onKeyDown={keyDown}
        onBlur={() => setTimeout(() => setSuggestions([]), 150)}
        {...describedBy(id, shownError, hint)}
      />
      {suggestions.length > 0 ? (
        <ul className="suggestions" role="listbox" id={`${id}-list`} aria-label="Matching products">
          {suggestions.map((p, i) => (
            <li
              key={p.productId}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              <span className="mono">{p.sku}</span> {p.name}
              <span className="muted"> · {formatNumber(p.stock?.available ?? 0)} available</span>
            </li>
          ))}
        </ul>
      ) : null}
    </FieldShell>
  );
};
