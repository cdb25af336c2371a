// First: configures zod before any contract schema is built (see the module).
import './lib/zodJitless.ts';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
