import { Link, useLocation } from 'react-router-dom';
import { useDocumentTitle } from './SectionPage';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  const location = useLocation();
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Page not found</h1>
        <p className="page-summary">
          There is no page at <code className="path">{location.pathname}</code>.
        </p>
      </header>
      <p>
        <Link className="button" to="/" data-testid="not-found-home">
          Back to Dashboard
        </Link>
      </p>
    </section>
  );
}
