import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: string;
  /** Shown under the label (hint); linked through aria-describedby. */
  hint?: ReactNode;
  /** Error messages for this field; the field is marked invalid when there are any. */
  errors?: readonly string[];
  testId: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Extra content under the input (e.g. the password checklist). */
  children?: ReactNode;
  describedBy?: string;
}

/** A labelled input with its hint and errors wired for assistive technology. */
export function FormField({
  id,
  label,
  hint,
  errors = [],
  testId,
  inputRef,
  children,
  describedBy,
  ...input
}: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const described = [hintId, errorId, describedBy].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        id={id}
        ref={inputRef}
        className="field__input"
        data-testid={testId}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={described}
      />
      {errors.length > 0 ? (
        <ul className="field__errors" id={errorId} data-testid={`${testId}-error`}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}
