import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; on a loaded 2-core CI machine React's effects
// can take longer than that, which fails tests that are correct. Behaviour is unchanged.
configure({ asyncUtilTimeout: 5000 });
