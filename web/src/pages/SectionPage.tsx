import { useEffect } from 'react';
import type { Section } from '../sections';

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · PatchMon`;
  }, [title]);
}

/** A section's page until its capability lands: what it will hold, and nothing invented. */
export function SectionPage({ section }: { section: Section }) {
  useDocumentTitle(section.title);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{section.title}</h1>
        <p className="page-summary">{section.summary}</p>
      </header>
      <div className="card">
        <h2 className="card-title">What this page will hold</h2>
        <ul className="feature-list">
          {section.features.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
        <p className="notice" role="note">
          This page arrives with its capability; until then there is no data to show here. ({section.specChapters})
        </p>
      </div>
    </section>
  );
}
