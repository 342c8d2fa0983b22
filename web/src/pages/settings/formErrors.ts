import { ApiError } from '../../api/client';

export interface SplitErrors<F extends string> {
  /** Validation messages for the form's own fields. */
  fields: Partial<Record<F, string[]>>;
  /** Everything else, shown above the form: the server's error text, or unmapped field errors. */
  general: string | null;
}

/**
 * Splits a failed request into messages for the form's fields (by the server's `param`) and one
 * general message. The server's own text is always what is shown.
 */
export function splitErrors<F extends string>(error: unknown, fields: readonly F[]): SplitErrors<F> {
  if (!(error instanceof ApiError)) return { fields: {}, general: 'Something went wrong. Please try again.' };
  if (error.fieldErrors.length === 0) return { fields: {}, general: error.error ?? error.message };
  const mapped: Partial<Record<F, string[]>> = {};
  const unmapped: string[] = [];
  for (const e of error.fieldErrors) {
    const param = e.param as F | undefined;
    if (param && fields.includes(param)) mapped[param] = [...(mapped[param] ?? []), e.msg];
    else unmapped.push(e.msg);
  }
  return {
    fields: mapped,
    general: unmapped.length > 0 ? unmapped.join(' ') : 'Some details need your attention: see the highlighted fields.',
  };
}

/** The text of a failed request (server's error text, or its validation messages). */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  return error.error ?? error.message;
}
