import type { RouteObject } from 'react-router-dom';
import { Shell } from './layout/Shell';
import { NotFoundPage } from './pages/NotFoundPage';
import { SectionPage } from './pages/SectionPage';
import { SECTIONS } from './sections';

/** The client routes; unknown paths render the not-found page inside the shell. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Shell />,
    children: [
      ...SECTIONS.map((section): RouteObject =>
        section.path === '/'
          ? { index: true, element: <SectionPage section={section} /> }
          : { path: section.path.slice(1), element: <SectionPage section={section} /> },
      ),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
