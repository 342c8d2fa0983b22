import { useDocumentTitle } from './SectionPage';

/** A page the signed-in user's role does not grant. */
export function ForbiddenPage({ permission }: { permission: string }) {
  useDocumentTitle('Access denied');
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Access denied</h1>
        <p className="page-summary">
          Your role does not include the <code className="path">{permission}</code> permission needed for this page.
          Ask an administrator of your organisation if you need access.
        </p>
      </header>
    </section>
  );
}
