import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { prefetchFirstPage } from './prefetch';
import './styles.css';

performance.mark('faultline:boot');
prefetchFirstPage();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
