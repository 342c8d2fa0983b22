import type { PatchRun } from '../../api/patching';

export interface WizardHost {
  id: string;
  name: string;
}

/**
 * Where the wizard was opened from (ch. 9 "Starting Points"): a host's Patch all or Patch selected packages, a
 * host group's Patch all (the Patching page's target picker), a package's fleet rollout, or approving existing
 * validations (rows, bulk selection, run detail).
 */
export type WizardMode =
  | { kind: 'host'; host: WizardHost; patchType: 'patch_all' }
  | { kind: 'host'; host: WizardHost; patchType: 'patch_package'; packages: string[] }
  /** A host group as the target: every current member, read again when the runs are queued (ch. 7). */
  | { kind: 'group'; group: WizardHost; patchType: 'patch_all' }
  | { kind: 'fleet'; packageId: string; packageName: string }
  | { kind: 'approve'; runs: PatchRun[] };

export const WIZARD_STEPS = [
  { id: 'hosts', label: 'Hosts' },
  { id: 'packages', label: 'Packages' },
  { id: 'validate', label: 'Validate' },
  { id: 'timing', label: 'Timing' },
  { id: 'approval', label: 'Approval' },
  { id: 'submit', label: 'Submit' },
] as const;

export type WizardStep = (typeof WIZARD_STEPS)[number]['id'];

const isPackageRun = (mode: WizardMode) => mode.kind === 'fleet' || (mode.kind === 'host' && mode.patchType === 'patch_package');

/** The table of ch. 9: which of the six steps have a decision to make for this starting point. */
export function isStepShown(step: WizardStep, mode: WizardMode): boolean {
  switch (step) {
    case 'hosts':
      return mode.kind === 'fleet';
    case 'packages':
      return mode.kind === 'host' && mode.patchType === 'patch_package' && mode.packages.length > 1;
    case 'validate':
    case 'approval':
      return isPackageRun(mode);
    case 'timing':
    case 'submit':
      return true;
  }
}

export function shownSteps(mode: WizardMode): WizardStep[] {
  return WIZARD_STEPS.map((s) => s.id).filter((id) => isStepShown(id, mode));
}

/** The shown step after (`direction` 1) or before (-1) `step`, or null at either end. */
export function neighbourStep(step: WizardStep, mode: WizardMode, direction: 1 | -1): WizardStep | null {
  const steps = shownSteps(mode);
  const index = steps.indexOf(step);
  return steps[index + direction] ?? null;
}

/** Runs `worker` over `items` with at most `limit` in flight, keeping the results in input order. */
export async function runPool<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await worker(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
