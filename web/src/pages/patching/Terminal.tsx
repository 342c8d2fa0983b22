import { useLayoutEffect, useRef } from 'react';

/** Scrolled up further than this from the bottom, the terminal stops following new output (ch. 11). */
export const STICK_THRESHOLD_PX = 32;

/** apt-get and dpkg redraw progress bars with `\r`; each redraw becomes its own scrollback line. */
export function normaliseOutput(raw: string): string {
  return raw.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
}

/** The Shell output pane: GitHub-dark `<pre>` that follows the output while the reader is at the bottom. */
export function Terminal({ output }: { output: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [output]);

  return (
    <pre
      ref={ref}
      className="patch-terminal"
      data-testid="terminal"
      data-following={String(stick.current)}
      tabIndex={0}
      aria-label="Shell output"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD_PX;
        el.dataset.following = String(stick.current);
      }}
    >
      {output ? normaliseOutput(output) : '(No output yet)'}
    </pre>
  );
}
