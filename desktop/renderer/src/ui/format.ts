/** How numbers, money and times read on screen, in the user's locale. */
import type { Money } from '../api/types';

const numberFormat = new Intl.NumberFormat();
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const moneyFormats = new Map<string, Intl.NumberFormat>();

export const formatNumber = (value: number): string => numberFormat.format(value);

/** The number of minor units of a currency (2 for EUR, 0 for JPY). */
export const minorDigits = (currency: string): number => {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
};

export const formatMoney = (money: Money | { amountMinor: number; currency: string }): string => {
  let format = moneyFormats.get(money.currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency });
    } catch {
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2 });
    }
    moneyFormats.set(money.currency, format);
  }
  return format.format(money.amountMinor / 10 ** minorDigits(money.currency));
};

/** A decimal amount typed by a user ("12.50") in minor units, or null if it is not one. */
export const parseMoney = (text: string, currency: string): number | null => {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = trimmed.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
};

/** Minor units as the decimal a user would type. */
export const moneyText = (amountMinor: number, currency: string): string => {
  const digits = minorDigits(currency);
  return digits === 0 ? String(amountMinor) : (amountMinor / 10 ** digits).toFixed(digits);
};

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar day ("2026-11-30": an expected date) as that very day wherever the desk is; an
 * instant as the day it falls on at the desk.
 */
export const formatDate = (iso: string): string =>
  CALENDAR_DAY.test(iso)
    ? dayFormat.format(new Date(`${iso}T00:00:00Z`))
    : dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));

/** "3 minutes ago", "yesterday". */
export const formatAgo = (iso: string, now = Date.now()): string => {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 30],
    ['month', 12],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return relativeFormat.format(value, unit);
    value = Math.round(value / size);
  }
  return relativeFormat.format(value, 'year');
};

/** A quantity with its unit: "12 ea". */
export const formatQuantity = (quantity: number, unit?: string): string =>
  unit ? `${formatNumber(quantity)} ${unit}` : formatNumber(quantity);

/** Today plus `days`, as YYYY-MM-DD in local time. */
export const isoDatePlus = (days: number, from = new Date()): string => {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
