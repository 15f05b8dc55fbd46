// What a trial Linode has cost so far. Linode bills a Linode by the hour from when it is created, every hour begun
// counting as a whole one, and never more in a month than the plan's monthly price. A trial lives minutes or hours,
// so the monthly cap is all of the month that matters here. Pure: the caller says what "now" is.
import { apiTimeMs } from '../model/format';
import type { LinodeType, Price } from '../api/types';

const HOUR_MS = 3_600_000;

export interface TrialCost {
  /** Hours billed so far (at least 1: the hour the Linode was made in counts). */
  billedHours: number;
  /** US dollars so far. */
  dollars: number;
  /** The monthly price was reached: it costs no more this month. */
  capped: boolean;
}

/** The plan's price in a region: its regional price where Linode has one, else its default price (null if none). */
export function priceIn(type: Pick<LinodeType, 'price' | 'region_prices'>, regionId: string): Price | null {
  const regional = type.region_prices.find((price) => price.id === regionId);
  return regional ? { hourly: regional.hourly, monthly: regional.monthly } : type.price;
}

/**
 * The cost so far of a Linode at `price` made at `created` (the API's timestamp, UTC); undefined when `created` is
 * unknown. A Linode that Linode's clock says was made a little after ours reads `now` is in its first hour.
 */
export function trialCost(price: Price, created: string | null, now = Date.now()): TrialCost | undefined {
  const createdMs = apiTimeMs(created);
  if (createdMs === undefined) return undefined;
  const billedHours = Math.max(1, Math.ceil((now - createdMs) / HOUR_MS));
  const uncapped = billedHours * price.hourly;
  const capped = uncapped >= price.monthly;
  // Rounded to millionths of a dollar: 3 × 0.0075 is 0.0225, not 0.022500000000000003.
  return { billedHours, dollars: Math.round((capped ? price.monthly : uncapped) * 1e6) / 1e6, capped };
}
