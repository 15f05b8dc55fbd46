// How deployments and trial Linodes are worded: prices as Linode states them, a plan's size, how long a Linode has
// existed.
import type { LinodeType, Price } from '../api/types';
import { l10n } from '../l10n';

/** US dollars as Linode prices them: cents for whole-cent amounts, else up to four decimals ($0.0075, $5, $0.02). */
export function formatDollars(dollars: number): string {
  const cents = Math.round(dollars * 100);
  if (Math.abs(dollars * 100 - cents) < 1e-9) return `$${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;
  return `$${dollars.toFixed(4).replace(/0+$/, '')}`;
}

/** "$0.0075/hour · $5/month". */
export function formatPrice(price: Price): string {
  return l10n.t('{0}/hour · {1}/month', formatDollars(price.hourly), formatDollars(price.monthly));
}

/** "1 CPU · 1 GB RAM · 25 GB disk". */
export function planSpecs(type: LinodeType): string {
  const gb = (mb: number): string => (mb / 1024).toFixed(1).replace(/\.0$/, '');
  const cpus = type.vcpus === 1 ? l10n.t('1 CPU') : l10n.t('{0} CPUs', type.vcpus);
  const gpus = type.gpus > 0 ? ` · ${type.gpus === 1 ? l10n.t('1 GPU') : l10n.t('{0} GPUs', type.gpus)}` : '';
  return `${cpus} · ${l10n.t('{0} GB RAM', gb(type.memory))} · ${l10n.t('{0} GB disk', gb(type.disk))}${gpus}`;
}

/** How long something has existed: "12 min", "2 h 5 min", "3 d 4 h" (under a minute: "1 min"). */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  if (minutes < 60) return l10n.t('{0} min', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? l10n.t('{0} h', hours) : l10n.t('{0} h {1} min', hours, minutes % 60);
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? l10n.t('{0} d', days) : l10n.t('{0} d {1} h', days, hours % 24);
}
