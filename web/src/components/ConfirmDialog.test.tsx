import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferred } from '../test/fakeApi';
import { ConfirmDialog } from './ConfirmDialog';

afterEach(cleanup);

function dialog(onConfirm: () => Promise<unknown>, extra: { confirmDisabled?: boolean } = {}) {
  const onDone = vi.fn();
  const onClose = vi.fn();
  render(
    <ConfirmDialog
      title="Delete thing"
      testId="confirm"
      confirmLabel="Delete"
      confirmTestId="confirm-go"
      onConfirm={onConfirm}
      onDone={onDone}
      onClose={onClose}
      errorFallback="Could not delete."
      {...extra}
    >
      <p>Delete it?</p>
    </ConfirmDialog>,
  );
  return { onDone, onClose };
}

describe('ConfirmDialog', () => {
  it('is busy while the action runs and calls onDone once it succeeded', async () => {
    const answer = deferred<void>();
    const { onDone, onClose } = dialog(() => answer.promise);
    expect(screen.getByRole('dialog', { name: 'Delete thing' }).textContent).toContain('Delete it?');
    act(() => {
      fireEvent.click(screen.getByTestId('confirm-go'));
    });
    expect((screen.getByTestId('confirm-go') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(true);
    // Escape does not close a busy dialog.
    fireEvent.keyDown(screen.getByTestId('confirm'), { key: 'Escape' });
    expect(onClose).not.toHaveBeenCalled();
    await act(async () => answer.resolve());
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('shows the rejection text in place and lets the user try again or cancel', async () => {
    const action = vi.fn().mockRejectedValueOnce(new Error('Host not found')).mockRejectedValueOnce('not an error');
    const { onDone, onClose } = dialog(action);
    fireEvent.click(screen.getByTestId('confirm-go'));
    expect((await screen.findByTestId('confirm-error')).textContent).toBe('Host not found');
    expect((screen.getByTestId('confirm-go') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId('confirm-go'));
    await waitFor(() => expect(screen.getByTestId('confirm-error').textContent).toBe('Could not delete.'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('keeps the confirm button disabled while confirmDisabled', () => {
    const action = vi.fn(() => Promise.resolve());
    dialog(action, { confirmDisabled: true });
    fireEvent.click(screen.getByTestId('confirm-go'));
    expect(action).not.toHaveBeenCalled();
  });
});
