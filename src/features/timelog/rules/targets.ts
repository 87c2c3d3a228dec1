import { CATEGORY_IDS, type CategoryId } from '../../../core/categories';
import { fail, ok, type Parsed } from '../../../core/result';
import { quoteUserInput } from '../../../core/blockKit';

export interface TargetRange {
  min: number;
  max: number;
  /** True when the manager set this range; false for the default from content/coaching.yaml. */
  custom: boolean;
}

export type Targets = Record<CategoryId, TargetRange>;

/** The defaults for every category, overridden where the manager chose their own range. */
export function mergeTargets(
  defaults: Record<CategoryId, { min: number; max: number }>,
  overrides: Partial<Record<CategoryId, { min: number; max: number }>>,
): Targets {
  const merged = {} as Targets;
  for (const c of CATEGORY_IDS) {
    const own = overrides[c];
    merged[c] = own ? { min: own.min, max: own.max, custom: true } : { min: defaults[c].min, max: defaults[c].max, custom: false };
  }
  return merged;
}

/** Reads `10-30`, `10%-30%`, `10-30%` or `10 - 30` as a whole-percent range. */
export function parseTargetRange(input: string): Parsed<{ min: number; max: number }> {
  const text = input.trim();
  const shown = quoteUserInput(text);
  const m = /^(-?\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\s*%?$/i.exec(text);
  if (!m) return fail(`I can't read ${shown} as a range: write the lowest and highest share in percent, like \`10-30\`.`);
  const min = Number(m[1]);
  const max = Number(m[2]);
  if (!Number.isInteger(min) || !Number.isInteger(max)) return fail(`Use whole percentages in ${shown}, like \`10-30\`.`);
  if (min < 0 || max > 100) return fail(`${shown} must stay between 0 and 100 percent.`);
  if (min > max) return fail(`In ${shown} the lowest share is above the highest; write it as \`${max}-${min}\`.`);
  return ok({ min, max });
}

/** Sum of the minimums: above 100 no week can meet every target. */
export function sumOfMinimums(targets: Targets): number {
  return CATEGORY_IDS.reduce((sum, c) => sum + targets[c].min, 0);
}
