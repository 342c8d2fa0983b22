import './columns.css';
import type { ColumnDef, useColumnLayout } from '../hooks/useColumnLayout';

/** The Columns button's panel: show or hide each column, move it, or reset the layout. */
export function ColumnsPanel<K extends string>({
  layout,
  testIdPrefix,
}: {
  layout: ReturnType<typeof useColumnLayout<K>>;
  testIdPrefix: string;
}) {
  return (
    <div className="filters-panel" data-testid={`${testIdPrefix}-columns`}>
      <ul className="checkbox-list">
        {layout.ordered.map((c: ColumnDef<K>) => {
          const index = layout.visible.indexOf(c.key);
          return (
            <li key={c.key}>
              <label>
                <input
                  type="checkbox"
                  checked={index >= 0}
                  onChange={(e) => layout.toggle(c.key, e.target.checked)}
                  data-testid={`${testIdPrefix}-column-${c.key}`}
                />
                {c.label}
              </label>
              {index >= 0 ? (
                <span className="column-order">
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Move ${c.label} left`}
                    disabled={index === 0}
                    onClick={() => layout.move(c.key, -1)}
                    data-testid={`${testIdPrefix}-column-${c.key}-left`}
                  >
                    ←
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Move ${c.label} right`}
                    disabled={index === layout.visible.length - 1}
                    onClick={() => layout.move(c.key, 1)}
                    data-testid={`${testIdPrefix}-column-${c.key}-right`}
                  >
                    →
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      <button type="button" className="link-button" onClick={layout.reset} data-testid={`${testIdPrefix}-columns-reset`}>
        Reset to default
      </button>
    </div>
  );
}
